//! How numbers read in sentences and labels.

pub fn usd(x: f64) -> String {
    if x >= 100.0 {
        format!("${:.0}", x)
    } else if x >= 1.0 {
        format!("${:.2}", x)
    } else {
        format!("${:.4}", x)
    }
}

pub fn ms(x: f64) -> String {
    if x >= 10_000.0 {
        format!("{:.1} s", x / 1000.0)
    } else if x >= 100.0 {
        format!("{:.0} ms", x)
    } else {
        format!("{:.1} ms", x)
    }
}

/// A number on an axis, short: 800000 reads 800k, 2500000 reads 2.5M, 0.004 reads 0.004.
pub fn compact(x: f64) -> String {
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    let a = x.abs();
    if a >= 1e6 {
        format!("{}M", trim(format!("{:.1}", x / 1e6)))
    } else if a >= 1e4 {
        format!("{}k", trim(format!("{:.1}", x / 1e3)))
    } else if a >= 10.0 || a == 0.0 {
        trim(format!("{x:.1}"))
    } else if a >= 0.1 {
        trim(format!("{x:.2}"))
    } else {
        trim(format!("{x:.4}"))
    }
}

pub fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// Simulated time as m:ss, h:mm:ss or, for runs of days to years, days and h:mm:ss.
pub fn clock(t: f64) -> String {
    let s = t.max(0.0) as u64;
    if s >= 86_400 {
        format!("{}d {}", s / 86_400, clock((s % 86_400) as f64))
    } else if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// What a long jump's progress bar says it is doing.
pub fn jump_target(to: f64) -> String {
    format!("computing to {}", clock(to))
}

/// A fraction as a whole percentage, never rounded up to 100% before it is done.
pub fn whole_percent(x: f64) -> String {
    format!("{:.0}%", (x * 100.0).floor())
}

/// "1-minute", "5-minute", "1-hour", "30-second", "1-day".
pub fn interval_name(s: f64) -> String {
    let (n, unit) = unit_of(s);
    format!("{}-{unit}", compact(n))
}

/// An interval as a number of its largest whole unit: 300 s is (5, "minute").
pub fn unit_of(s: f64) -> (f64, &'static str) {
    if s >= 86_400.0 && s % 86_400.0 == 0.0 {
        (s / 86_400.0, "day")
    } else if s >= 3600.0 && s % 3600.0 == 0.0 {
        (s / 3600.0, "hour")
    } else if s >= 60.0 && s % 60.0 == 0.0 {
        (s / 60.0, "minute")
    } else {
        (s, "second")
    }
}

/// "7 days", "1 day 4 h", "3 h 20 min", "45 min", "30 s".
pub fn duration_name(s: f64) -> String {
    let s = s.round() as u64;
    let (d, h, m) = (s / 86_400, s / 3600 % 24, s / 60 % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} day{}", if d == 1 { "" } else { "s" }),
        (d, h, _) => format!("{d} day{} {h} h", if d == 1 { "" } else { "s" }),
    }
}

/// Text for markup built as a string (diagrams, tables): what names a scenario can give are
/// checked by its validation, but markup is never built from text unescaped.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Each text, escaped, as an element of `tag` (list items, paragraphs), in one piece of markup.
pub fn elements_html<T: AsRef<str>>(tag: &str, texts: &[T]) -> String {
    texts
        .iter()
        .map(|t| format!("<{tag}>{}</{tag}>", escaped(t.as_ref())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_become_elements_as_text_never_as_markup() {
        assert_eq!(
            elements_html("li", &["a", "<b>"]),
            "<li>a</li><li>&lt;b&gt;</li>"
        );
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(escaped(r#"a<b & "c">"#), "a&lt;b &amp; &quot;c&quot;&gt;");
    }

    #[test]
    fn axis_numbers_are_short() {
        assert_eq!(compact(800000.0), "800k");
        assert_eq!(compact(2_500_000.0), "2.5M");
        assert_eq!(compact(12_345.0), "12.3k");
        assert_eq!(compact(1200.0), "1200");
        assert_eq!(compact(60.0), "60");
        assert_eq!(compact(2.5), "2.5");
        assert_eq!(compact(0.0), "0");
        assert_eq!(compact(0.004), "0.004");
    }

    #[test]
    fn formats() {
        assert_eq!(usd(1234.6), "$1235");
        assert_eq!(usd(3.456), "$3.46");
        assert_eq!(usd(0.01234), "$0.0123");
        assert_eq!(ms(12.34), "12.3 ms");
        assert_eq!(ms(2500.0), "2500 ms");
        assert_eq!(ms(25_000.0), "25.0 s");
        assert_eq!(percent(0.1234), "12.3%");
        assert_eq!(clock(3725.0), "1:02:05");
        assert_eq!(clock(65.0), "1:05");
        assert_eq!(clock(315_360_000.0), "3650d 0:00");
        assert_eq!(clock(90_061.0), "1d 1:01:01");
        assert_eq!(jump_target(3600.0), "computing to 1:00:00");
        assert_eq!(whole_percent(0.999), "99%");
    }
    #[test]
    fn names_of_intervals_and_lengths() {
        assert_eq!(interval_name(60.0), "1-minute");
        assert_eq!(interval_name(300.0), "5-minute");
        assert_eq!(interval_name(3600.0), "1-hour");
        assert_eq!(interval_name(15.0), "15-second");
        assert_eq!(duration_name(7.0 * 86_400.0), "7 days");
        assert_eq!(duration_name(86_400.0 + 4.0 * 3600.0), "1 day 4 h");
        assert_eq!(duration_name(3.0 * 3600.0 + 1200.0), "3 h 20 min");
    }
}

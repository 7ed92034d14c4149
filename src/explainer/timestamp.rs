//! Times as monitoring tools write them: ISO 8601 / RFC 3339 dates and times, or Unix epoch
//! seconds. Read into epoch seconds, and written back in ISO form for messages. Pure calendar
//! arithmetic, so nothing depends on the browser's clock or time zone.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01: the inverse of `days_from_civil`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if month <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        month,
        day,
    )
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads `2026-11-20T10:04:00Z`, `2026-11-20 10:04:00.250+01:00`, `2026-11-20T10:04` (read as
/// UTC), `2026-11-20` or epoch seconds such as `1763633040` or `1763633040.5`. The error says
/// which forms are accepted.
pub fn parse(text: &str) -> Result<f64, String> {
    let t = text.trim().trim_matches('"');
    if let Some(epoch) = super::decimal::read(t) {
        if (0.0..1e11).contains(&epoch) {
            return Ok(epoch);
        }
        return Err(format!(
            "\"{}\" is not a time: as a number it must be Unix epoch seconds (from 0 to 99999999999)",
            crate::engine::validation::excerpt(t)
        ));
    }
    iso(t).ok_or_else(|| {
        format!(
            "\"{}\" is not a time; write ISO 8601 such as 2026-11-20T10:04:00Z, or Unix epoch seconds such as 1763633040",
            crate::engine::validation::excerpt(t)
        )
    })
}

fn iso(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    let digits = |from: usize, n: usize| -> Option<i64> {
        let s = t.get(from..from + n)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let year = digits(0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (month, day) = (digits(5, 2)?, digits(8, 2)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let date = days_from_civil(year, month, day) as f64 * 86_400.0;
    if b.len() == 10 {
        return Some(date);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (hour, minute) = (digits(11, 2)?, digits(14, 2)?);
    if b.get(13) != Some(&b':') || hour > 23 || minute > 59 {
        return None;
    }
    let mut at = 16;
    let mut seconds = 0.0;
    if b.get(at) == Some(&b':') {
        let whole = digits(17, 2)?;
        at = 19;
        let mut end = at;
        if b.get(at) == Some(&b'.') || b.get(at) == Some(&b',') {
            end += 1;
            while b.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            if end == at + 1 {
                return None;
            }
        }
        seconds = super::decimal::read(&format!("{whole}.{}", t.get(at + 1..end).unwrap_or("0")))?;
        if whole > 60 {
            return None;
        }
        at = end;
    }
    let offset = match &t[at..] {
        "" | "Z" | "z" => 0,
        zone => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let rest = &zone[1..];
            let (h, m) = match rest.len() {
                2 => (rest.parse::<i64>().ok()?, 0),
                4 => (rest[..2].parse().ok()?, rest[2..].parse().ok()?),
                5 if rest.as_bytes()[2] == b':' => {
                    (rest[..2].parse().ok()?, rest[3..].parse().ok()?)
                }
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    Some(date + (hour * 3600 + minute * 60 - offset) as f64 + seconds)
}

/// Epoch seconds as `2026-11-20 10:04 UTC` (with seconds only when there are any).
pub fn show(epoch_s: f64) -> String {
    let whole = epoch_s.floor() as i64;
    let (year, month, day) = civil_from_days(whole.div_euclid(86_400));
    let s = whole.rem_euclid(86_400);
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02} UTC")
    } else {
        format!("{year:04}-{month:02}-{day:02} {h:02}:{m:02}:{sec:02} UTC")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_and_epoch_forms_read_to_the_same_instant() {
        // 2025-11-20T10:04:00Z is 1763633040 s after the epoch.
        for form in [
            "2025-11-20T10:04:00Z",
            "2025-11-20T10:04:00.000Z",
            "2025-11-20 10:04:00",
            "2025-11-20T10:04",
            "2025-11-20T11:04:00+01:00",
            "2025-11-20T05:04:00-0500",
            "\"2025-11-20T10:04:00+00:00\"",
            "1763633040",
            " 1763633040.0 ",
        ] {
            assert_eq!(parse(form), Ok(1_763_633_040.0), "{form}");
        }
        assert_eq!(parse("2025-11-20T10:04:00.25Z"), Ok(1_763_633_040.25));
        assert_eq!(parse("2024-02-29"), Ok(1_709_164_800.0));
        assert_eq!(parse("1970-01-01T00:00:00Z"), Ok(0.0));
    }

    #[test]
    fn impossible_dates_and_other_text_are_refused_with_the_forms_allowed() {
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-11-20T24:00",
            "2025-11-20T10:04:00Q",
            "20/11/2025",
            "soon",
            "",
            "-5",
            "1e12",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains("is not a time"), "{bad}: {e}");
        }
        assert!(parse("yesterday").unwrap_err().contains("ISO 8601"));
    }

    #[test]
    fn times_are_shown_back_in_utc() {
        assert_eq!(show(1_763_633_040.0), "2025-11-20 10:04 UTC");
        assert_eq!(show(1_763_633_047.0), "2025-11-20 10:04:07 UTC");
        assert_eq!(show(1_709_164_800.0), "2024-02-29 00:00 UTC");
        for days in [-1000, 0, 365, 11_016, 20_000, 100_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}

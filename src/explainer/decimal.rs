//! Decimal numbers as text (`12.5`, `-0.25`, `1.5e3`), read without `str::parse::<f64>`, whose
//! general algorithm brings a 10 KB table of powers of five into the page (issue 13). Up to 15
//! significant digits fit an f64 exactly, so one multiplication or division by an exact power of
//! ten rounds correctly; digits past the fifteenth are dropped (a relative error under 1e-15),
//! which no link, count or time this reads can notice.

/// An optional minus, digits, an optional decimal part and an optional exponent; None for
/// anything else (empty text, `.5`, `+1`, spaces, `inf`, `NaN`).
pub fn read(text: &str) -> Option<f64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (number, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digit = |b: u8| b.is_ascii_digit();
    if whole.is_empty() || !whole.bytes().chain(fraction.bytes()).all(digit) {
        return None;
    }
    let mut power: i32 = match exponent {
        None => 0,
        Some(e) => {
            let (minus, digits) = match e.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, e.strip_prefix('+').unwrap_or(e)),
            };
            if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(digit) {
                return None;
            }
            let p = digits.bytes().fold(0, |n, b| n * 10 + i32::from(b - b'0'));
            if minus {
                -p
            } else {
                p
            }
        }
    };
    let (mut mantissa, mut significant) = (0u64, 0);
    for (i, b) in whole.bytes().chain(fraction.bytes()).enumerate() {
        let in_fraction = i >= whole.len();
        if significant < 15 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            significant += usize::from(mantissa > 0);
            power -= i32::from(in_fraction);
        } else if !in_fraction {
            // A whole-number digit past the fifteenth: dropped, so the rest moves up by ten.
            power += 1;
        }
    }
    let value = if power < 0 {
        mantissa as f64 / 10f64.powi(-power)
    } else {
        mantissa as f64 * 10f64.powi(power)
    };
    value
        .is_finite()
        .then_some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn reads_what_the_standard_parser_reads_for_up_to_fifteen_digits() {
        for hundredths in (0..2_000_000u64).step_by(7) {
            for text in [
                format!("{:.2}", hundredths as f64 / 100.0),
                format!("{:.1}", hundredths as f64 / 10.0),
                format!("{hundredths}"),
            ] {
                assert_eq!(read(&text), text.parse().ok(), "{text}");
                let minus = format!("-{text}");
                assert_eq!(read(&minus), minus.parse().ok(), "{minus}");
            }
        }
        assert_eq!(read("123456789012345"), Some(123_456_789_012_345.0));
        assert_eq!(read("0.00000000000001"), Some(1e-14));
        assert_eq!(read("1.5e3"), Some(1500.0));
        assert_eq!(read("25E-2"), Some(0.25));
        assert_eq!(read("1e+06"), Some(1e6));
    }

    #[test]
    fn longer_numbers_keep_fifteen_digits() {
        for text in [
            "0.016666666666666666",
            "1763633040.123456789",
            "12345678901234567890",
        ] {
            let exact: f64 = text.parse().unwrap();
            let got = read(text).unwrap();
            assert!(((got - exact) / exact).abs() < 1e-14, "{text}: {got}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for refused in [
            "", "-", ".5", "1.2.3", "+1", " 1", "1 ", "inf", "NaN", "1e", "1e1000", "0x10", "1,5",
        ] {
            assert_eq!(read(refused), None, "{refused:?}");
        }
    }
}

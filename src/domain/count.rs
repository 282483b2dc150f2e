//! Counts as a person reads them: "1 person", "40,000 people". One
//! formatter for the window and the command line, so a number reads the
//! same wherever it is shown.

/// A count with thousands separators: 100000 → "100,000".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 person", "0 people", "40,000 people": the count, then the noun that
/// fits it.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", count(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators_and_the_noun_that_fits() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(100_000), "100,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(plural(0, "person", "people"), "0 people");
        assert_eq!(plural(1, "person", "people"), "1 person");
        assert_eq!(plural(40_000, "person", "people"), "40,000 people");
        assert_eq!(
            plural(2, "trust change", "trust changes"),
            "2 trust changes"
        );
    }
}

//! Reading the birthday spellings contact exports use (the same for other
//! dates to remember), and the labels of those dates.

use crate::domain::Birthday;

/// Reads the birthday spellings contact exports use: `1980-03-22`,
/// `19800322`, `--0322`, `--03-22`, `1995/05/05`, a date-time (its date),
/// `31.1.1972` (day first) and `1/20/1981` (month first, as Outlook writes
/// it); Apple's year 1604 means no year. `None` for anything else or a day
/// that does not exist.
pub fn parse_birthday(text: &str) -> Option<Birthday> {
    let text = text.trim();
    let date = text.split(['T', 't', ' ']).next().unwrap_or("");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let make = |year: Option<&str>, month: &str, day: &str| -> Option<Birthday> {
        let year = match year {
            // Apple Contacts writes a date without a year as 1604
            // (`X-APPLE-OMIT-YEAR=1604`): no one alive was born then.
            Some(APPLE_NO_YEAR) => None,
            Some(y) if y.len() == 4 => Some(y.parse().ok()?),
            Some(_) => return None,
            None => None,
        };
        let birthday = Birthday {
            year,
            month: month.parse().ok()?,
            day: day.parse().ok()?,
        };
        Birthday::parse(&birthday.to_string()).ok()
    };
    if let Some(rest) = date.strip_prefix("--") {
        let rest = rest.replace('-', "");
        return (rest.len() == 4 && digits(&rest)).then(|| make(None, &rest[..2], &rest[2..]))?;
    }
    if date.len() == 8 && digits(date) {
        return make(Some(&date[..4]), &date[4..6], &date[6..]);
    }
    for separator in ['-', '/', '.'] {
        let parts: Vec<&str> = date.split(separator).collect();
        if parts.len() == 3 && parts.iter().all(|p| digits(p)) {
            return match (separator, parts[0].len()) {
                (_, 4) => make(Some(parts[0]), parts[1], parts[2]),
                ('.', _) => make(Some(parts[2]), parts[1], parts[0]),
                ('/', _) => make(Some(parts[2]), parts[0], parts[1])
                    .or_else(|| make(Some(parts[2]), parts[1], parts[0])),
                _ => None,
            };
        }
    }
    None
}

/// The label of a date to remember from the type another program gave it
/// (Apple's `X-ABLabel`, Google's "Event N - Type"): the types they name
/// themselves in lower case ("anniversary", "other"), a custom one as
/// written, "date" for none.
pub(super) fn date_label(label: &str) -> String {
    let label = label.trim();
    match label.to_lowercase().as_str() {
        "" => "date".to_owned(),
        known @ ("anniversary" | "other") => known.to_owned(),
        _ => label.to_owned(),
    }
}

/// The year Apple Contacts writes for a date whose year is not known.
const APPLE_NO_YEAR: &str = "1604";

#[cfg(test)]
mod tests {
    use super::*;

    fn bday(text: &str) -> Option<String> {
        parse_birthday(text).map(|b| b.to_string())
    }

    #[test]
    fn apples_year_1604_is_no_year() {
        assert_eq!(bday("1604-06-02").as_deref(), Some("--06-02"));
        assert_eq!(bday("16040602").as_deref(), Some("--06-02"));
        assert_eq!(bday("1605-06-02").as_deref(), Some("1605-06-02"));
    }

    #[test]
    fn birthdays_in_every_export_spelling() {
        assert_eq!(bday("1980-03-22").as_deref(), Some("1980-03-22"));
        assert_eq!(bday("19800322").as_deref(), Some("1980-03-22"));
        assert_eq!(bday("--0203").as_deref(), Some("--02-03"));
        assert_eq!(bday("--02-03").as_deref(), Some("--02-03"));
        assert_eq!(bday("1995/05/05").as_deref(), Some("1995-05-05"));
        assert_eq!(bday("20190210T000033").as_deref(), Some("2019-02-10"));
        assert_eq!(bday("1995-05-05T00:00:00Z").as_deref(), Some("1995-05-05"));
        assert_eq!(bday("31.1.1972").as_deref(), Some("1972-01-31"));
        assert_eq!(bday("1/20/1981").as_deref(), Some("1981-01-20"));
        assert_eq!(bday("6/5/1984").as_deref(), Some("1984-06-05"));
        assert_eq!(bday("19723101"), None);
        assert_eq!(bday("circa 1800"), None);
        assert_eq!(bday("0.0.00"), None);
    }

    #[test]
    fn date_labels_name_the_known_types_in_lower_case() {
        assert_eq!(date_label("Anniversary"), "anniversary");
        assert_eq!(date_label(" Other "), "other");
        assert_eq!(date_label("Wedding Day"), "Wedding Day");
        assert_eq!(date_label(""), "date");
    }
}

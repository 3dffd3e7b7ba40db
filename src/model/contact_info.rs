//! Phone numbers, e-mail addresses and web addresses: parsed once, formatted for each use.

use std::collections::HashMap;
use std::fmt;
use std::sync::{LazyLock, Mutex};

use phonenumber::{Mode, PhoneNumber};

/// A phone number, parsed and validated with libphonenumber's metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// `+31201234567`, for `tel:` links, vCards and JSON-LD.
    e164: String,
    /// `020 123 4567`, as people in the country write it.
    national: String,
}

impl Phone {
    /// Parses a number written the way staff write it ("020-123 45 67", "+31 6 1234 5678").
    /// `region` is the ISO 3166 country a number without `+` belongs to.
    ///
    /// Answers are remembered for the life of the process: libphonenumber takes some 10 µs a
    /// number, and the preview checks every number of the site again after each save.
    pub fn parse(raw: &str, region: phonenumber::country::Id) -> Result<Phone, String> {
        type Answers = HashMap<(String, phonenumber::country::Id), Result<Phone, String>>;
        static ANSWERS: LazyLock<Mutex<Answers>> = LazyLock::new(Default::default);
        let key = (raw.to_owned(), region);
        if let Some(answer) = ANSWERS.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
            return answer.clone();
        }
        let answer = Phone::parse_uncached(raw, region);
        let mut answers = ANSWERS.lock().unwrap_or_else(|p| p.into_inner());
        // Bounded: a long preview session is not a reason to keep every number ever typed.
        if answers.len() >= 100_000 {
            answers.clear();
        }
        answers.insert(key, answer.clone());
        answer
    }

    fn parse_uncached(raw: &str, region: phonenumber::country::Id) -> Result<Phone, String> {
        // libphonenumber reads letters as keypad digits ("0800-FLOWERS") or drops them: either
        // way a different number than the one written would be published.
        if let Some(c) = raw
            .chars()
            .find(|c| !(c.is_ascii_digit() || c.is_whitespace() || "+-./()".contains(*c)))
        {
            return Err(format!(
                "`{raw}` is not a phone number: `{}` is not a digit",
                c.escape_debug()
            ));
        }
        // `+31 (0)20 …`: the national prefix in brackets is not dialled after the country code.
        let cleaned;
        let raw = match raw.trim_start().strip_prefix('+') {
            Some(_) if raw.contains("(0)") => {
                cleaned = raw.replacen("(0)", "", 1);
                cleaned.as_str()
            }
            _ => raw,
        };
        let number: PhoneNumber = phonenumber::parse(Some(region), raw)
            .map_err(|e| {
                let why = match e {
                    phonenumber::ParseError::TooShortNsn
                    | phonenumber::ParseError::TooShortAfterIdd => "it is too short",
                    phonenumber::ParseError::TooLong => "it is too long",
                    phonenumber::ParseError::InvalidCountryCode => {
                        "the country code after `+` is not one"
                    }
                    _ => "it is not written as a phone number",
                };
                format!(
                    "`{raw}` is not a phone number: {why}; write it as people dial it, like `0341 700 100` or `+31 341 700 100`"
                )
            })?;
        if !phonenumber::is_valid(&number) {
            return Err(format!(
                "`{raw}` is not a valid phone number for {region:?}: check the digits"
            ));
        }
        let e164 = number.format().mode(Mode::E164).to_string();
        // What is published must dial the number written: libphonenumber drops a second
        // leading zero of an Italian number, for one, and then links another number.
        let same = phonenumber::parse(Some(region), &e164).is_ok_and(|n| {
            phonenumber::is_valid(&n) && n.format().mode(Mode::E164).to_string() == e164
        });
        if !same {
            return Err(format!(
                "`{raw}` cannot be written as an international number without changing it: check the digits"
            ));
        }
        Ok(Phone {
            e164,
            national: number.format().mode(Mode::National).to_string(),
        })
    }

    /// A short service number such as 112 or 144, dialled as it is written.
    pub fn parse_short(raw: &str) -> Option<Phone> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        (2..=6).contains(&digits.len()).then_some(())?;
        digits.chars().all(|c| c.is_ascii_digit()).then(|| Phone {
            e164: digits.clone(),
            national: digits,
        })
    }

    pub fn e164(&self) -> &str {
        &self.e164
    }

    pub fn national(&self) -> &str {
        &self.national
    }

    /// The national format in groups of at most four digits — a longer group is cut in
    /// pairs, the way Dutch mobile numbers are said — joined by no-break spaces: the number
    /// never wraps, keeps its order inside right-to-left text, and a screen reader says
    /// "06 12 34 56 01" as five short groups, not as twelve million and something.
    pub fn display(&self) -> String {
        let mut groups: Vec<&str> = Vec::new();
        for group in self.national.split([' ', '-']).filter(|g| !g.is_empty()) {
            if group.len() > 4 && group.bytes().all(|b| b.is_ascii_digit()) {
                let start = group.len() % 2;
                if start == 1 {
                    groups.push(&group[..1]);
                }
                groups.extend((start..group.len()).step_by(2).map(|i| &group[i..i + 2]));
            } else {
                groups.push(group);
            }
        }
        groups.join("\u{a0}")
    }
}

/// An e-mail address, checked against RFC 5322's address syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, String> {
        let trimmed = raw.trim();
        // A display name ("Jan <jan@x.nl>") is valid RFC 5322 but useless in a mailto: link.
        if trimmed.contains(['<', '>', ' ']) {
            return Err(format!("`{raw}` is not a bare e-mail address"));
        }
        // Invisible characters would publish another address than the one staff see.
        if let Some(c) = trimmed.chars().find(|c| crate::model::is_invisible(*c)) {
            return Err(format!(
                "`{raw}` holds the invisible character U+{:04X}: retype the address",
                c as u32
            ));
        }
        email_address::EmailAddress::parse_with_options(
            trimmed,
            email_address::Options::default().with_required_tld(),
        )
        .map(|e| Email(e.as_str().to_owned()))
        .map_err(|_| {
            let why = if raw.contains('@') {
                "it is not written as one"
            } else {
                "it has no `@`"
            };
            format!("`{raw}` is not an e-mail address: {why}")
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An absolute http(s) address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    pub fn parse(raw: &str) -> Result<WebUrl, String> {
        let url = url::Url::parse(raw.trim()).map_err(|e| match e {
            url::ParseError::RelativeUrlWithoutBase if raw.contains('@') => format!(
                "`{raw}` is an e-mail address, not a web address: write it under `email`"
            ),
            url::ParseError::RelativeUrlWithoutBase if !raw.trim().contains(' ') => format!(
                "`{raw}` is not a full web address: write `https://{}`",
                raw.trim().trim_start_matches('/')
            ),
            _ => format!(
                "`{raw}` is not a web address: write it as the browser's address bar shows it, like `https://www.example.nl`"
            ),
        })?;
        match url.scheme() {
            "http" | "https" => Ok(WebUrl(url.to_string())),
            other => Err(format!(
                "`{raw}` uses `{other}:`; only http and https addresses are allowed"
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_shown_in_small_groups() {
        let shown = |raw: &str| {
            let p = Phone::parse(raw, phonenumber::country::Id::NL).unwrap();
            p.display().replace('\u{a0}', " ")
        };
        assert_eq!(shown("06 12345601"), "06 12 34 56 01");
        assert_eq!(shown("0341 700 400"), "0341 700 400");
        assert_eq!(Phone::parse_short("112").unwrap().display(), "112");
    }

    use phonenumber::country::Id::NL;

    #[test]
    fn phone_numbers_are_normalised() {
        let p = Phone::parse("020-123 45 67", NL).unwrap();
        assert_eq!(p.e164(), "+31201234567");
        assert_eq!(p.national(), "020 123 4567");
        assert_eq!(p.display(), "020\u{a0}123\u{a0}4567");
        let mobile = Phone::parse("+31 6 12345678", NL).unwrap();
        assert_eq!(mobile.e164(), "+31612345678");
        for written in [
            "+31 (0)20 123 4567",
            "(020) 123 45 67",
            "020/1234567",
            "020.123.45.67",
        ] {
            assert_eq!(
                Phone::parse(written, NL).unwrap().e164(),
                "+31201234567",
                "{written}"
            );
        }
    }

    #[test]
    fn bad_phone_numbers_are_refused() {
        assert!(Phone::parse("call us", NL).is_err());
        assert!(Phone::parse("020 123", NL).is_err());
        // Letters would be read as keypad digits or dropped: refused, not changed.
        assert!(Phone::parse("0800-FLOWERS", NL).is_err());
        assert!(Phone::parse("020 123 4567 ext 5", NL).is_err());
        assert!(Phone::parse("020 123 4567\u{202e}", NL).is_err());
        // Found by the `fields` fuzzer: accepted, but published as another number
        // (+3903033906, one leading zero fewer).
        let e = Phone::parse("+39( 0)0( 0303 39( 06", NL).unwrap_err();
        assert!(e.contains("without changing it"), "{e}");
        // A foreign number that reads back the same is kept.
        assert_eq!(
            Phone::parse("+32 2 555 12 12", NL).unwrap().e164(),
            "+3225551212"
        );
    }

    #[test]
    fn short_numbers() {
        assert_eq!(Phone::parse_short("112").unwrap().e164(), "112");
        assert!(Phone::parse_short("0201234567").is_none());
        assert!(Phone::parse_short("11a").is_none());
    }

    #[test]
    fn email_addresses() {
        assert_eq!(
            Email::parse("a.b@gemeente.example").unwrap().as_str(),
            "a.b@gemeente.example"
        );
        assert!(Email::parse("not-an-address").is_err());
        assert!(Email::parse("Jan <jan@x.nl>").is_err());
        assert!(Email::parse("jan@localhost").is_err());
        assert!(Email::parse("am\u{202e}ina@x.example").is_err());
        assert!(Email::parse("amina@x.example\u{200b}").is_err());
    }

    #[test]
    fn only_web_urls() {
        assert!(WebUrl::parse("https://example.org/x").is_ok());
        assert!(WebUrl::parse("javascript:alert(1)").is_err());
    }
}

//! vCard 3.0 (RFC 2426), the version every phone's contacts app imports.

use crate::model::{Contact, Service};

/// One contact as a `.vcf` file, with the texts in the reader's language.
pub fn vcard(
    contact: &Contact,
    role: &str,
    service: &Service,
    service_name: &str,
    notes: &[String],
) -> String {
    let mut lines = vec!["BEGIN:VCARD".to_owned(), "VERSION:3.0".to_owned()];
    let (given, family) = match contact.name.rsplit_once(' ') {
        Some((g, f)) => (g, f),
        None => (contact.name.as_str(), ""),
    };
    lines.push(format!("FN:{}", escape(&contact.name)));
    lines.push(format!("N:{};{};;;", escape(family), escape(given)));
    lines.push(format!("ORG:{}", escape(service_name)));
    lines.push(format!("TITLE:{}", escape(role)));
    if let Some(p) = &contact.phone {
        lines.push(format!("TEL;TYPE=WORK,VOICE:{}", p.e164()));
    }
    if let Some(e) = &contact.email {
        lines.push(format!("EMAIL;TYPE=INTERNET,WORK:{}", escape(e.as_str())));
    }
    if let Some(a) = &service.address {
        lines.push(format!(
            "ADR;TYPE=WORK:;;{};{};;{};",
            escape(&a.street),
            escape(&a.city),
            escape(&a.postcode)
        ));
    }
    if let Some(w) = &service.website {
        lines.push(format!("URL:{}", escape(w.as_str())));
    }
    if !notes.is_empty() {
        lines.push(format!("NOTE:{}", escape(&notes.join("\n"))));
    }
    lines.push("END:VCARD".to_owned());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next line after a space, never inside a
/// UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_folds() {
        assert_eq!(escape("a,b;c\nd"), "a\\,b\\;c\\nd");
        let mut out = String::new();
        fold(&format!("NOTE:{}", "ي".repeat(60)), &mut out);
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("NOTE:{}\r\n", "ي".repeat(60))
        );
    }
}

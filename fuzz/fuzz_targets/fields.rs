//! The single-value parsers: phone numbers, e-mail and web addresses, opening times, ids,
//! language codes, cross-references and translation versions. What parses must read back the
//! same: a number or address is never changed on the way to a page.
#![no_main]

use phonenumber::country::Id::NL;
use wegwijs::model::{
    Email, Id, Lang, Phone, SourceVersion, TimeOfDay, TimeRange, WebUrl, parse_xref,
};

libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(p) = Phone::parse(text, NL) {
        let again = Phone::parse(p.e164(), NL).expect("an E.164 number it wrote parses");
        assert_eq!(again.e164(), p.e164(), "{text:?}");
        let _ = p.display();
    }
    let _ = Phone::parse_short(text);
    if let Ok(e) = Email::parse(text) {
        let again = Email::parse(&e.to_string()).expect("an address it wrote parses");
        assert_eq!(again.to_string(), e.to_string(), "{text:?}");
    }
    let _ = WebUrl::parse(text);
    if let Ok(r) = TimeRange::parse(text) {
        // Shown with an en dash for readers; as written in a file, with a hyphen.
        let written = r.to_string().replace('–', "-");
        let again = TimeRange::parse(&written).expect("a range it shows parses");
        assert_eq!(again.to_string(), r.to_string(), "{text:?}");
    }
    let _ = TimeOfDay::parse(text);
    if let Ok(id) = Id::parse(text) {
        assert_eq!(id.as_str(), text);
    }
    let _ = Lang::parse(text);
    let _ = parse_xref(text);
    let _ = SourceVersion::parse(text);
});

//! `translations.yaml`: the source version each translation was made from.

use crate::load::Doc;
use crate::load::raw::RawLedger;
use crate::model::*;

use super::Cx;

impl Cx<'_> {
    pub(super) fn ledger(&mut self, doc: &Doc<Option<RawLedger>>) -> Ledger {
        let mut ledger = Ledger::default();
        for (item, langs) in doc.data.iter().flat_map(|l| &l.0) {
            for (code, value) in &langs.0 {
                let lang = match Lang::parse(&code.value) {
                    Ok(l) if self.languages.contains(&l) => l,
                    _ => {
                        self.diags.push(
                            doc.error(code, format!("`{}` is not one of the site's languages", code.value))
                                .help("this line is ignored; it is dropped the next time wegwijs writes translations.yaml"),
                        );
                        continue;
                    }
                };
                let mut words = value.value.split_whitespace();
                let version = words.next().and_then(SourceVersion::parse);
                let machine = match words.next() {
                    None => Some(false),
                    Some("machine") => Some(true),
                    Some(_) => None,
                };
                match (version, machine, words.next()) {
                    (Some(version), Some(machine), None) => {
                        ledger.set(&item.value, lang, Recorded { version, machine })
                    }
                    _ => self.diags.push(
                        doc.error(value, format!("`{}` is not a source version", value.value))
                            .help("wegwijs writes 12 hexadecimal digits, optionally followed by `machine`; run `wegwijs translations accept` to record versions again"),
                    ),
                }
            }
        }
        ledger
    }
}

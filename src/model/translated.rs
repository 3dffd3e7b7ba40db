//! Text that exists in several languages and falls back to the source language.

use std::collections::BTreeMap;

use super::Lang;

/// A value per language. Always holds the source language: validation refuses a field without
/// it, so [`Translated::get`] can never come back empty.
#[derive(Clone, Debug)]
pub struct Translated<T> {
    source: Lang,
    values: BTreeMap<Lang, T>,
}

/// A value looked up for one language, saying which language it really is in.
#[derive(Clone, Copy, Debug)]
pub struct Localized<'a, T> {
    pub value: &'a T,
    pub lang: &'a Lang,
    /// True when the reader's language was missing and the source language is shown instead.
    pub fallback: bool,
}

impl<T> Translated<T> {
    /// `None` when `values` lacks the source language.
    pub fn new(source: Lang, values: BTreeMap<Lang, T>) -> Option<Self> {
        values
            .contains_key(&source)
            .then_some(Translated { source, values })
    }

    pub fn get(&self, lang: &Lang) -> Localized<'_, T> {
        match self.values.get_key_value(lang) {
            Some((lang, value)) => Localized {
                value,
                lang,
                fallback: false,
            },
            None => Localized {
                value: &self.values[&self.source],
                lang: &self.source,
                fallback: true,
            },
        }
    }

    pub fn source(&self) -> &T {
        &self.values[&self.source]
    }

    pub fn source_lang(&self) -> &Lang {
        &self.source
    }

    pub fn has(&self, lang: &Lang) -> bool {
        self.values.contains_key(lang)
    }

    pub fn languages(&self) -> impl Iterator<Item = &Lang> {
        self.values.keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_language_falls_back_to_source() {
        let nl = Lang::parse("nl").unwrap();
        let ar = Lang::parse("ar").unwrap();
        let ti = Lang::parse("ti").unwrap();
        let t = Translated::new(
            nl.clone(),
            BTreeMap::from([(nl.clone(), "Huisarts"), (ar.clone(), "طبيب")]),
        )
        .unwrap();
        let got = t.get(&ar);
        assert_eq!((*got.value, got.fallback), ("طبيب", false));
        let got = t.get(&ti);
        assert_eq!(
            (*got.value, got.lang, got.fallback),
            ("Huisarts", &nl, true)
        );
    }

    #[test]
    fn source_language_is_required() {
        let nl = Lang::parse("nl").unwrap();
        let en = Lang::parse("en").unwrap();
        assert!(Translated::new(nl, BTreeMap::from([(en, "x")])).is_none());
    }
}

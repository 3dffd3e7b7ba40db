//! Languages: a validated BCP 47 code and its text direction.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use unic_langid::LanguageIdentifier;

/// A BCP 47 language code, validated and kept in its canonical spelling (`nl`, `ar`, `pt-BR`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(Arc<str>);

impl Lang {
    pub fn parse(code: &str) -> Result<Lang, String> {
        let id: LanguageIdentifier = code
            .parse()
            .map_err(|_| format!("`{code}` is not a language code"))?;
        if id.language.is_empty() {
            return Err(format!("`{code}` does not start with a language"));
        }
        Ok(Lang(Arc::from(id.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag (`pt` for `pt-BR`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The direction the language is written in, unless a site overrides it.
    pub fn default_dir(&self) -> Dir {
        // Scripts written right-to-left, by primary language subtag. A language written in more
        // than one script (Kurdish, Azerbaijani) has its script subtag checked as well.
        const RTL: &[&str] = &[
            "ar", "fa", "ps", "ur", "he", "yi", "ckb", "sd", "ug", "dv", "prs", "pnb", "syr",
            "arc", "bal", "mzn", "glk", "lrc", "ks",
        ];
        if self.0.contains("-Arab") || self.0.contains("-Hebr") {
            return Dir::Rtl;
        }
        if self.0.contains("-Latn") || self.0.contains("-Cyrl") {
            return Dir::Ltr;
        }
        if RTL.contains(&self.primary()) {
            Dir::Rtl
        } else {
            Dir::Ltr
        }
    }

    pub fn langid(&self) -> LanguageIdentifier {
        self.0.parse().expect("validated at construction")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.0)
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// A language the site is published in.
#[derive(Clone, Debug, Serialize)]
pub struct LangInfo {
    pub code: Lang,
    /// The language's name in its own script ("العربية").
    pub name: String,
    pub dir: Dir,
}

/// The endonym of a language that the site is not published in, for "languages spoken" lists.
pub fn endonym(code: &Lang) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("nl", "Nederlands"),
        ("en", "English"),
        ("ar", "العربية"),
        ("ti", "ትግርኛ"),
        ("fa", "فارسی"),
        ("prs", "دری"),
        ("ps", "پښتو"),
        ("am", "አማርኛ"),
        ("so", "Soomaali"),
        ("tr", "Türkçe"),
        ("uk", "Українська"),
        ("ru", "Русский"),
        ("pl", "Polski"),
        ("fr", "Français"),
        ("de", "Deutsch"),
        ("es", "Español"),
        ("ku", "Kurdî"),
        ("ckb", "کوردی"),
        ("ur", "اردو"),
        ("fy", "Frysk"),
        ("pap", "Papiamentu"),
        ("ro", "Română"),
        ("bg", "Български"),
    ];
    NAMES
        .iter()
        .find(|(c, _)| *c == code.as_str())
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_follows_the_script() {
        for rtl in ["ar", "fa", "ps", "ur", "he", "ckb", "ku-Arab"] {
            assert_eq!(Lang::parse(rtl).unwrap().default_dir(), Dir::Rtl, "{rtl}");
        }
        for ltr in ["nl", "en", "ti", "so", "uk", "ku", "tr"] {
            assert_eq!(Lang::parse(ltr).unwrap().default_dir(), Dir::Ltr, "{ltr}");
        }
    }

    #[test]
    fn codes_are_validated_and_canonical() {
        assert_eq!(Lang::parse("pt-br").unwrap().as_str(), "pt-BR");
        assert!(Lang::parse("not a code").is_err());
        assert!(Lang::parse("").is_err());
    }
}

//! Text as readers see it: free of the invisible controls that reorder it.

/// The explicit directional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
/// invisible in an editor, they make a browser, a phone's contacts or a PDF show text in another
/// order than it was written — a name, an address or a number reversed. The page's own `dir`
/// and `<bdi>` do their work; a text never needs them. (The marks U+200E and U+200F only nudge
/// neutral characters and are kept.)
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A character an editor shows as nothing or as a plain space: controls, direction controls,
/// zero-width characters, the byte-order mark and whitespace other than the space. In an id or
/// an address it would make the published value differ from the one staff see.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}')
}

/// `text` without direction controls; `None` when it has none.
pub fn without_bidi_controls(text: &str) -> Option<String> {
    text.contains(is_bidi_control)
        .then(|| text.chars().filter(|c| !is_bidi_control(*c)).collect())
}

/// The name of a direction control, for messages.
pub fn bidi_control_name(c: char) -> &'static str {
    match c {
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => "direction control",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_controls_are_removed_and_marks_kept() {
        assert_eq!(without_bidi_controls("Amira Haddad"), None);
        assert_eq!(
            without_bidi_controls("\u{202e}dadaH arimA\u{202c}").as_deref(),
            Some("dadaH arimA")
        );
        assert_eq!(
            without_bidi_controls("a\u{2066}b\u{2069}").as_deref(),
            Some("ab")
        );
        assert_eq!(without_bidi_controls("\u{200f}مرحبا"), None);
        for c in ['\u{202e}', '\u{200b}', '\u{a0}', '\t', '\u{feff}'] {
            assert!(is_invisible(c), "{c:?}");
        }
        assert!(!is_invisible(' ') && !is_invisible('a') && !is_invisible('ب'));
    }
}

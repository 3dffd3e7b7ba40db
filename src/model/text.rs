//! Text as readers see it: free of the invisible controls that reorder it, and in characters
//! the card's fonts can draw.

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

/// A character that is drawn as nothing on purpose (Unicode's Default_Ignorable_Code_Point,
/// with the controls): joiners, variation selectors, the soft hyphen. No font needs a glyph
/// for it. The zero-width non-joiner is written in every other Farsi sentence.
pub fn is_default_ignorable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{34f}'
                | '\u{61c}'
                | '\u{115f}'..='\u{1160}'
                | '\u{17b4}'..='\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fff8}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// The characters a set of fonts can draw, as sorted, disjoint ranges of code points.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Glyphs {
    ranges: Vec<(u32, u32)>,
}

impl Glyphs {
    /// The union of the code points of every font, each font's given in ascending order.
    pub fn new<F, I>(fonts: F) -> Glyphs
    where
        F: IntoIterator<Item = I>,
        I: IntoIterator<Item = u32>,
    {
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for font in fonts {
            let mut run: Option<(u32, u32)> = None;
            for c in font {
                run = match run {
                    Some((start, end)) if c == end + 1 => Some((start, c)),
                    Some(done) => {
                        ranges.push(done);
                        Some((c, c))
                    }
                    None => Some((c, c)),
                };
            }
            ranges.extend(run);
        }
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (start, end) in ranges {
            match merged.last_mut() {
                Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Glyphs { ranges: merged }
    }

    pub fn contains(&self, c: char) -> bool {
        let c = c as u32;
        let i = self.ranges.partition_point(|(_, end)| *end < c);
        self.ranges.get(i).is_some_and(|(start, _)| *start <= c)
    }

    /// The characters of `text` that none of the fonts can draw (each once, in order),
    /// leaving out spaces and characters that are invisible on purpose.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if !c.is_whitespace()
                && !is_default_ignorable(c)
                && !self.contains(c)
                && !out.contains(&c)
            {
                out.push(c);
            }
        }
        out
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

    #[test]
    fn glyphs_are_the_union_of_the_fonts_and_joiners_need_none() {
        let latin = (0x20..=0x7e).chain(0xe9..=0xe9);
        let ethiopic = 0x1200..=0x137f;
        let g = Glyphs::new([latin.collect::<Vec<u32>>(), ethiopic.collect()]);
        assert!(g.contains('a') && g.contains('é') && g.contains('ሀ'));
        assert!(!g.contains('ب') && !g.contains('\u{7f}') && !g.contains('ê'));
        assert_eq!(g.missing("Café ሀ 🏠 and 🏠 ب"), vec!['🏠', 'ب']);
        // A Farsi word with its zero-width non-joiner, an emoji's variation selector.
        assert_eq!(g.missing("a\u{200c}b\u{fe0f}\u{a0}"), Vec::<char>::new());
        assert_eq!(
            Glyphs::new([vec![5u32, 6, 9], vec![7, 8]]).ranges,
            vec![(5, 9)]
        );
        assert_eq!(
            Glyphs::new([vec![5u32, 6], vec![9]]).ranges,
            vec![(5, 6), (9, 9)]
        );
        assert_eq!(Glyphs::default().missing("ab"), vec!['a', 'b']);
    }
}

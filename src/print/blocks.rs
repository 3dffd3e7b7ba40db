//! A guide's Markdown as data for the printed guide: blocks and runs of text the Typst template
//! walks, so nothing a municipality writes is ever read as Typst markup.
//!
//! Links print as their text; a web address that the text does not show becomes a footnote,
//! an e-mail address or phone number behind other words follows them in brackets. Phone
//! numbers, e-mail and web addresses in running text are marked so the template keeps them
//! left-to-right inside right-to-left text ("+31 6 1234 5678" must not come out as
//! "5678 1234 6 31+"). Raw HTML prints as its text, without tags, scripts or styles.

use pulldown_cmark::{Alignment, Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::model::{HTML_POLICY, MARKDOWN_OPTIONS, parse_xref};

#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    /// `start` is the first number of a numbered list; none for bullets.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    /// `align` per column: `start`, `center`, `end` (start and end follow the direction).
    Table {
        align: Vec<&'static str>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Code {
        text: String,
    },
    Rule,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Inline {
    Text {
        text: String,
    },
    /// A phone number, e-mail or web address: kept left-to-right and whole.
    Ltr {
        text: String,
    },
    Code {
        text: String,
    },
    Strong {
        content: Vec<Inline>,
    },
    Emph {
        content: Vec<Inline>,
    },
    Strike {
        content: Vec<Inline>,
    },
    /// A link's text; `note` is the address printed as a footnote, `after` the one printed
    /// after it in brackets.
    Link {
        content: Vec<Inline>,
        note: Option<String>,
        after: Option<String>,
    },
    Break,
}

/// A block being read: what its events add to.
enum Open {
    Blocks(Vec<Block>),
    Inlines(Vec<Inline>),
}

/// The blocks of `markdown`.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, MARKDOWN_OPTIONS) {
        b.event(event);
    }
    b.finish()
}

#[derive(Default)]
struct Builder {
    /// Finished blocks of the document.
    done: Vec<Block>,
    /// Containers being read, innermost last, with what ends each.
    stack: Vec<Frame>,
    /// Inside a `<script>` or `<style>` written in a paragraph: its text is not printed (the
    /// page's sanitiser removes it too), until this closing tag.
    hidden_until: Option<&'static str>,
}

struct Frame {
    kind: FrameKind,
    open: Open,
}

enum FrameKind {
    Heading(u8),
    Paragraph,
    List(Option<u64>, Vec<Vec<Block>>),
    Item,
    Quote,
    Code(String),
    Table(Vec<&'static str>, Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    Row(Vec<Vec<Inline>>),
    Cell,
    Strong,
    Emph,
    Strike,
    Link(String),
    Image,
    /// A block of raw HTML, read whole before its text is taken out.
    Html(String),
    /// Anything else: its words are kept.
    Other,
}

impl Builder {
    fn push(&mut self, kind: FrameKind) {
        let open = match kind {
            FrameKind::List(..) | FrameKind::Item | FrameKind::Quote | FrameKind::Table(..) => {
                Open::Blocks(Vec::new())
            }
            _ => Open::Inlines(Vec::new()),
        };
        self.stack.push(Frame { kind, open });
    }

    /// Adds a finished block where it belongs: to the innermost container of blocks. Text
    /// outside any block (a tight list item's words) becomes a paragraph there.
    fn block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame {
                open: Open::Blocks(blocks),
                ..
            }) => blocks.push(block),
            Some(_) => {} // a block inside inline content cannot happen in CommonMark
            None => self.done.push(block),
        }
    }

    fn inline(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Frame {
                open: Open::Inlines(runs),
                ..
            }) => runs.push(inline),
            Some(Frame {
                open: Open::Blocks(blocks),
                ..
            }) => match blocks.last_mut() {
                Some(Block::Paragraph { content }) => content.push(inline),
                // A line break before any words breaks nothing.
                _ if matches!(inline, Inline::Break) => {}
                _ => blocks.push(Block::Paragraph {
                    content: vec![inline],
                }),
            },
            None => self.done.push(Block::Paragraph {
                content: vec![inline],
            }),
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(Frame {
            kind: FrameKind::Code(code),
            ..
        }) = self.stack.last_mut()
        {
            code.push_str(text);
            return;
        }
        for run in runs(text) {
            self.inline(run);
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(_) if self.hidden_until.is_some() => {}
            Event::Text(t) => self.text(&t),
            Event::Code(t) => self.inline(Inline::Code {
                text: t.into_string(),
            }),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.inline(Inline::Break),
            Event::Rule => self.block(Block::Rule),
            Event::Html(html) => match self.stack.last_mut() {
                Some(Frame {
                    kind: FrameKind::Html(raw),
                    ..
                }) => raw.push_str(&html),
                _ => self.text(&html_text(&html)),
            },
            // Inline tags go; the text between them is read as text, but for a script's or
            // a style's.
            Event::InlineHtml(tag) => {
                let tag = tag.to_ascii_lowercase();
                if let Some(end) = self.hidden_until {
                    if tag.starts_with(end) {
                        self.hidden_until = None;
                    }
                } else if tag.starts_with("<script") && !tag.ends_with("/>") {
                    self.hidden_until = Some("</script");
                } else if tag.starts_with("<style") && !tag.ends_with("/>") {
                    self.hidden_until = Some("</style");
                }
            }
            Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        let kind = match tag {
            Tag::Paragraph => FrameKind::Paragraph,
            Tag::Heading { level, .. } => FrameKind::Heading(level as u8),
            Tag::BlockQuote(_) => FrameKind::Quote,
            Tag::CodeBlock(_) => FrameKind::Code(String::new()),
            Tag::List(start) => FrameKind::List(start, Vec::new()),
            Tag::Item => FrameKind::Item,
            Tag::Table(aligns) => FrameKind::Table(
                aligns
                    .iter()
                    .map(|a| match a {
                        Alignment::Center => "center",
                        Alignment::Right => "end",
                        Alignment::Left | Alignment::None => "start",
                    })
                    .collect(),
                Vec::new(),
                Vec::new(),
            ),
            Tag::TableHead | Tag::TableRow => FrameKind::Row(Vec::new()),
            Tag::TableCell => FrameKind::Cell,
            Tag::Emphasis => FrameKind::Emph,
            Tag::Strong => FrameKind::Strong,
            Tag::Strikethrough => FrameKind::Strike,
            Tag::Link { dest_url, .. } => FrameKind::Link(dest_url.into_string()),
            Tag::Image { .. } => FrameKind::Image,
            Tag::HtmlBlock => FrameKind::Html(String::new()),
            _ => FrameKind::Other,
        };
        self.push(kind);
    }

    fn end(&mut self, tag: TagEnd) {
        let Some(Frame { kind, open }) = self.stack.pop() else {
            return;
        };
        let inlines = |open: Open| match open {
            Open::Inlines(runs) => runs,
            Open::Blocks(_) => Vec::new(),
        };
        let blocks = |open: Open| match open {
            Open::Blocks(blocks) => blocks,
            Open::Inlines(runs) => vec![Block::Paragraph { content: runs }],
        };
        match kind {
            FrameKind::Paragraph => self.block(Block::Paragraph {
                content: inlines(open),
            }),
            FrameKind::Heading(level) => self.block(Block::Heading {
                level,
                content: inlines(open),
            }),
            FrameKind::Quote => self.block(Block::Quote {
                blocks: blocks(open),
            }),
            FrameKind::Code(text) => self.block(Block::Code {
                text: text.trim_end_matches('\n').to_owned(),
            }),
            FrameKind::List(start, items) => self.block(Block::List { start, items }),
            FrameKind::Item => {
                if let Some(Frame {
                    kind: FrameKind::List(_, items),
                    ..
                }) = self.stack.last_mut()
                {
                    items.push(blocks(open));
                }
            }
            FrameKind::Table(align, head, rows) => self.block(Block::Table { align, head, rows }),
            FrameKind::Row(cells) => {
                if let Some(Frame {
                    kind: FrameKind::Table(_, head, rows),
                    ..
                }) = self.stack.last_mut()
                {
                    if head.is_empty() && rows.is_empty() && matches!(tag, TagEnd::TableHead) {
                        *head = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            FrameKind::Cell => {
                if let Some(Frame {
                    kind: FrameKind::Row(cells),
                    ..
                }) = self.stack.last_mut()
                {
                    cells.push(inlines(open));
                }
            }
            FrameKind::Strong => self.inline(Inline::Strong {
                content: inlines(open),
            }),
            FrameKind::Emph => self.inline(Inline::Emph {
                content: inlines(open),
            }),
            FrameKind::Strike => self.inline(Inline::Strike {
                content: inlines(open),
            }),
            FrameKind::Link(dest) => {
                let content = inlines(open);
                let (note, after) = address_of(&dest, &plain(&content));
                self.inline(Inline::Link {
                    content,
                    note,
                    after,
                })
            }
            // An image prints as its description, which is what the page's reader hears.
            FrameKind::Image => {
                let content = inlines(open);
                if !content.is_empty() {
                    self.inline(Inline::Emph { content })
                }
            }
            FrameKind::Html(raw) => {
                let text = html_text(&raw);
                let text = text.trim();
                if !text.is_empty() {
                    self.block(Block::Paragraph {
                        content: runs(text),
                    });
                }
            }
            FrameKind::Other => {
                for run in inlines(open) {
                    self.inline(run);
                }
            }
        }
    }

    fn finish(mut self) -> Vec<Block> {
        while !self.stack.is_empty() {
            self.end(TagEnd::Paragraph);
        }
        self.done
    }
}

/// The words of a link, to compare with its address.
fn plain(content: &[Inline]) -> String {
    let mut out = String::new();
    for run in content {
        match run {
            Inline::Text { text } | Inline::Ltr { text } | Inline::Code { text } => {
                out.push_str(text)
            }
            Inline::Strong { content }
            | Inline::Emph { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } => out.push_str(&plain(content)),
            Inline::Break => out.push(' '),
        }
    }
    out
}

/// Where a link's address is printed: a web address as a footnote, an e-mail address or a
/// phone number in brackets after the words; nothing when the words already show it, or for a
/// link to the site's own services, contacts and guides (their names are in the guide).
fn address_of(dest: &str, words: &str) -> (Option<String>, Option<String>) {
    if parse_xref(dest).is_some() {
        return (None, None);
    }
    let shows = |address: &str| {
        let squash = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '(' | ')' | '.'))
                .collect::<String>()
                .to_lowercase()
        };
        let (a, w) = (squash(address), squash(words));
        !a.is_empty() && w.contains(&a)
    };
    if let Some(mail) = dest.strip_prefix("mailto:") {
        let mail = mail.split('?').next().unwrap_or(mail);
        return (None, (!shows(mail)).then(|| mail.to_owned()));
    }
    if let Some(tel) = dest.strip_prefix("tel:") {
        return (None, (!shows(tel)).then(|| tel.to_owned()));
    }
    if dest.starts_with("http://") || dest.starts_with("https://") {
        let short = short_address(dest);
        return ((!shows(&short)).then_some(short), None);
    }
    // A page of the site by its path, an anchor: the words are what matters on paper.
    (None, None)
}

/// A web address as printed: without `https://`, `www.` and a closing slash.
pub(super) fn short_address(url: &str) -> String {
    url.trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_owned()
}

/// `text` split into runs of words and of what must stay left-to-right and whole: phone
/// numbers (a `+` or digit, then at least six more digits among spaces, hyphens, dots,
/// slashes and brackets), e-mail addresses and web addresses.
fn runs(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let at_word_start = i == 0 || !is_word_byte(bytes[i - 1]);
        let found = if at_word_start {
            phone_at(text, i)
                .or_else(|| email_at(text, i))
                .or_else(|| web_at(text, i))
        } else {
            None
        };
        match found {
            Some(end) => {
                if plain_from < i {
                    out.push(Inline::Text {
                        text: text[plain_from..i].to_owned(),
                    });
                }
                out.push(Inline::Ltr {
                    text: text[i..end].to_owned(),
                });
                plain_from = end;
                i = end;
            }
            None => i += 1,
        }
    }
    if plain_from < text.len() {
        out.push(Inline::Text {
            text: text[plain_from..].to_owned(),
        });
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'@' || b == b'.' || b == b'_' || b == b'-' || b >= 0x80
}

/// The end of a phone number starting at `i`.
fn phone_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let first = rest.chars().next()?;
    if !(first == '+' || first == '(' || first.is_ascii_digit()) {
        return None;
    }
    let mut digits = 0;
    let mut end = 0;
    for (at, c) in rest.char_indices() {
        match c {
            '0'..='9' => {
                digits += 1;
                end = at + 1;
            }
            '+' if at == 0 => {}
            ' ' | '\u{a0}' | '-' | '.' | '/' | '(' | ')' => {}
            _ => break,
        }
    }
    // A closing bracket right after the last digit belongs to the number.
    (digits >= 7).then_some(i + end)
}

/// The end of an e-mail address starting at `i`.
fn email_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let local = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || "._%+-".contains(c)))
        .unwrap_or(rest.len());
    if local == 0 || !rest[local..].starts_with('@') {
        return None;
    }
    let domain = &rest[local + 1..];
    let len = domain
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(domain.len());
    let domain = domain[..len].trim_end_matches('.');
    domain.contains('.').then_some(i + local + 1 + domain.len())
}

/// The end of a web address starting at `i` (`https://…`, `www.…`).
fn web_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    if !(rest.starts_with("https://") || rest.starts_with("http://") || rest.starts_with("www.")) {
        return None;
    }
    let len = rest
        .find(|c: char| c.is_whitespace() || !c.is_ascii() || c == '<' || c == '>')
        .unwrap_or(rest.len());
    let address = rest[..len].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
    Some(i + address.len())
}

/// The text of a block of raw HTML, as the page's sanitiser would leave it, without tags.
fn html_text(html: &str) -> String {
    let clean = HTML_POLICY.clean(html).to_string();
    let no_tags = ammonia::Builder::empty().clean(&clean).to_string();
    no_tags
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    fn ltr(s: &str) -> Inline {
        Inline::Ltr { text: s.into() }
    }

    #[test]
    fn numbers_and_addresses_in_running_text_stay_whole() {
        assert_eq!(
            runs("بل على +31 6 1234 5678 أو mail@lindewaard.example."),
            vec![
                text("بل على "),
                ltr("+31 6 1234 5678"),
                text(" أو "),
                ltr("mail@lindewaard.example"),
                text("."),
            ]
        );
        assert_eq!(
            runs("Zie www.lindewaard.example/afval, of bel (0513) 12 34 56."),
            vec![
                text("Zie "),
                ltr("www.lindewaard.example/afval"),
                text(", of bel "),
                ltr("(0513) 12 34 56"),
                text("."),
            ]
        );
        // A year, a postcode, an amount: too few digits for a phone number.
        assert_eq!(
            runs("In 2026 kost het € 1.250"),
            vec![text("In 2026 kost het € 1.250")]
        );
    }

    #[test]
    fn lists_tables_and_emphasis_keep_their_shape() {
        let md = "# Titel\n\n1. **Eerst** dit\n2. dan *dat*\n   - met een punt\n\n| Wat | Kost |\n|---|---:|\n| Pas | € 5 |\n\n> Let op\n";
        let b = blocks(md);
        assert!(matches!(&b[0], Block::Heading { level: 1, .. }));
        let Block::List { start, items } = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(*start, Some(1));
        assert_eq!(items.len(), 2);
        assert!(
            matches!(&items[0][0], Block::Paragraph { content } if matches!(&content[0], Inline::Strong { .. }))
        );
        assert!(
            matches!(&items[1][1], Block::List { start: None, items } if items.len() == 1),
            "{:?}",
            items[1]
        );
        let Block::Table { align, head, rows } = &b[2] else {
            panic!("{b:?}")
        };
        assert_eq!(align, &vec!["start", "end"]);
        assert_eq!(head.len(), 2);
        assert_eq!(rows, &vec![vec![vec![text("Pas")], vec![text("€ 5")]]]);
        assert!(matches!(&b[3], Block::Quote { .. }));
    }

    #[test]
    fn links_print_their_words_and_the_address_where_it_is_not_shown() {
        let b = blocks(
            "Lees [de regels](https://www.lindewaard.example/regels/), bel [ons](tel:+31513123456), \
             ga naar [VluchtelingenWerk](service:refugee-council) of <https://duo.nl>.",
        );
        let Block::Paragraph { content } = &b[0] else {
            panic!("{b:?}")
        };
        let links: Vec<_> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Link { note, after, .. } => Some((note.clone(), after.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            vec![
                (Some("lindewaard.example/regels".into()), None),
                (None, Some("+31513123456".into())),
                (None, None),
                (None, None),
            ]
        );
    }

    #[test]
    fn a_line_break_in_a_list_item_stays_in_its_paragraph() {
        let b = blocks("- eerst  \n  dan\n- daarna\n");
        let Block::List { items, .. } = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(
            items[0],
            vec![Block::Paragraph {
                content: vec![text("eerst"), Inline::Break, text("dan")]
            }]
        );
    }

    #[test]
    fn raw_html_prints_as_its_text_only() {
        let b = blocks(
            "<div onclick=\"x()\">Open <b>op</b> maandag &amp; dinsdag\n<script>\nalert(1)\n</script></div>\n\nNa <span>dit</span><script>alert(2)</script>.",
        );
        assert_eq!(
            b,
            vec![
                Block::Paragraph {
                    content: vec![text("Open op maandag & dinsdag")]
                },
                Block::Paragraph {
                    content: vec![text("Na "), text("dit"), text(".")]
                },
            ]
        );
    }
}

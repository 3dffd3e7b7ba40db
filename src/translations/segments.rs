//! A guide's Markdown split into what a translator translates — headings, paragraphs, list
//! items, table cells — with the inline markup of each as codes the translator moves around
//! but does not edit. Joining translated blocks back into the source's structure gives the
//! translated guide.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use crate::model::MARKDOWN_OPTIONS;

/// A piece of a block's content.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    /// The start of markup around translatable text (`**`, `[`), paired with a `Close`.
    Open {
        id: u32,
        md: String,
    },
    Close {
        id: u32,
        md: String,
    },
    /// Markup with nothing to translate inside (inline code, a line break, inline HTML).
    Ph {
        id: u32,
        md: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The bytes of the Markdown that the block's content occupies: what a translation replaces.
    pub range: Range<usize>,
    pub kind: &'static str,
    pub content: Vec<Inline>,
}

/// The blocks of `markdown` that hold text to translate, in document order.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut containers: Vec<&'static str> = Vec::new();
    let mut current: Option<Block> = None;
    let mut next_id = 1;
    // Inside an autolink or image: the events up to its end belong to one code.
    let mut skip_until_end: Option<TagEnd> = None;
    let mut open_ids: Vec<u32> = Vec::new();

    let finish = |current: &mut Option<Block>, out: &mut Vec<Block>| {
        if let Some(b) = current.take()
            && b.content
                .iter()
                .any(|i| matches!(i, Inline::Text(t) if !t.trim().is_empty()))
        {
            out.push(renumbered(b));
        }
    };

    for (event, range) in Parser::new_ext(markdown, MARKDOWN_OPTIONS).into_offset_iter() {
        if let Some(end) = &skip_until_end {
            if matches!(&event, Event::End(e) if e == end) {
                skip_until_end = None;
            }
            continue;
        }
        let inline: Option<Inline> = match &event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    finish(&mut current, &mut out);
                    containers.push("paragraph");
                    None
                }
                Tag::Heading { .. } => {
                    finish(&mut current, &mut out);
                    containers.push("heading");
                    None
                }
                Tag::Item => {
                    finish(&mut current, &mut out);
                    containers.push("list item");
                    None
                }
                Tag::TableCell => {
                    finish(&mut current, &mut out);
                    containers.push("table cell");
                    None
                }
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                    let src = &markdown[range.clone()];
                    let len = match tag {
                        Tag::Emphasis => 1,
                        _ => src.len() - src.trim_start_matches(['*', '_', '~']).len(),
                    }
                    .min(2);
                    let id = fresh(&mut next_id);
                    open_ids.push(id);
                    Some(Inline::Open {
                        id,
                        md: src[..len].to_owned(),
                    })
                }
                Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                } => {
                    skip_until_end = Some(TagEnd::Link);
                    Some(Inline::Ph {
                        id: fresh(&mut next_id),
                        md: markdown[range.clone()].to_owned(),
                    })
                }
                Tag::Link { .. } | Tag::Image { .. } => {
                    let id = fresh(&mut next_id);
                    open_ids.push(id);
                    let md = if matches!(tag, Tag::Image { .. }) {
                        "!["
                    } else {
                        "["
                    };
                    Some(Inline::Open {
                        id,
                        md: md.to_owned(),
                    })
                }
                _ => {
                    finish(&mut current, &mut out);
                    None
                }
            },
            Event::End(end) => match end {
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                    let src = &markdown[range.clone()];
                    let id = open_ids.pop().unwrap_or(0);
                    let md = match current.as_ref().and_then(|b| {
                        b.content.iter().find_map(|i| match i {
                            Inline::Open { id: o, md } if *o == id => Some(md.clone()),
                            _ => None,
                        })
                    }) {
                        Some(md) => md,
                        None => src[src.len().saturating_sub(1)..].to_owned(),
                    };
                    Some(Inline::Close { id, md })
                }
                TagEnd::Link | TagEnd::Image => {
                    let id = open_ids.pop().unwrap_or(0);
                    Some(Inline::Close {
                        id,
                        md: link_end(&markdown[range.clone()]),
                    })
                }
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                    finish(&mut current, &mut out);
                    containers.pop();
                    None
                }
                _ => {
                    finish(&mut current, &mut out);
                    None
                }
            },
            Event::Text(t) => Some(Inline::Text(t.to_string())),
            Event::SoftBreak => Some(Inline::Text(" ".into())),
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_) => {
                let id = fresh(&mut next_id);
                let md = markdown[range.clone()].trim_end_matches([' ', '\n']);
                let md = if matches!(event, Event::HardBreak) {
                    "\\\n".to_owned()
                } else {
                    md.to_owned()
                };
                Some(Inline::Ph { id, md })
            }
            // Block HTML, code blocks, rules, math blocks: kept as they are.
            _ => {
                finish(&mut current, &mut out);
                None
            }
        };
        let Some(inline) = inline else { continue };
        let Some(&kind) = containers.last() else {
            continue;
        };
        let block = current.get_or_insert_with(|| Block {
            range: range.start..range.start,
            kind,
            content: Vec::new(),
        });
        block.range.end = block.range.end.max(range.end);
        match (block.content.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
            (_, inline) => block.content.push(inline),
        }
    }
    finish(&mut current, &mut out);
    out
}

/// The block with its code ids counted from 1 in order of appearance, so that they do not
/// depend on what came before the block.
fn renumbered(mut block: Block) -> Block {
    let mut map = std::collections::HashMap::new();
    for piece in &mut block.content {
        if let Inline::Open { id, .. } | Inline::Close { id, .. } | Inline::Ph { id, .. } = piece {
            let n = map.len() as u32 + 1;
            *id = *map.entry(*id).or_insert(n);
        }
    }
    block
}

/// The next code id of a block.
fn fresh(next: &mut u32) -> u32 {
    *next += 1;
    *next - 1
}

/// `](dest "title")` from the source of a whole link `[text](dest "title")`; for a reference
/// link, the reference as written.
fn link_end(src: &str) -> String {
    // The text may hold brackets of its own: the destination starts after the last `](` or `][`.
    match src.rfind("](").or_else(|| src.rfind("][")) {
        Some(i) => src[i..].to_owned(),
        None => "]".to_owned(),
    }
}

/// Markdown for translated `content`, whose codes carry the source's Markdown.
pub fn to_markdown(content: &[Inline]) -> String {
    let mut out = String::new();
    for piece in content {
        match piece {
            Inline::Text(t) => {
                let at_start = out.trim().is_empty();
                escape_into(&mut out, t, at_start);
            }
            Inline::Open { md, .. } | Inline::Close { md, .. } | Inline::Ph { md, .. } => {
                out.push_str(md)
            }
        }
    }
    out.trim().to_owned()
}

/// Appends `text` so that Markdown reads it as the same text: punctuation that would start
/// markup is backslash-escaped, and line breaks become spaces (a block is one line).
fn escape_into(out: &mut String, text: &str, at_start: bool) {
    let text = text.replace(['\n', '\r'], " ");
    let mut text = text.as_str();
    if at_start {
        text = text.trim_start();
        // What would turn the line into a heading, list item or quote.
        if let Some(c) = text.chars().next()
            && "#-+=>".contains(c)
        {
            out.push('\\');
        }
        let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && matches!(text.as_bytes().get(digits), Some(b'.' | b')')) {
            out.push_str(&text[..digits]);
            out.push('\\');
            text = &text[digits..];
        }
    }
    for c in text.chars() {
        if "\\`*_[]<>&|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The translated Markdown: `source` with each block's content replaced by its translation.
pub fn replace_blocks(source: &str, blocks: &[Block], translations: &[String]) -> String {
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for (block, text) in blocks.iter().zip(translations) {
        out.push_str(&source[pos..block.range.start]);
        out.push_str(text);
        pos = block.range.end;
    }
    out.push_str(&source[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "# Welkom\n\nBel de **[huisarts](service:gp)** of kijk op <https://x.nl>.\nTweede regel met `code`.\n\n- Eerst *dit*\n- Dan ![kaart](map.png)\n\n<div>blok</div>\n\n| a | b |\n|---|---|\n| cel | 2 |\n";

    #[test]
    fn blocks_keep_text_and_codes() {
        let b = blocks(GUIDE);
        let kinds: Vec<_> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                "heading",
                "paragraph",
                "list item",
                "list item",
                "table cell",
                "table cell",
                "table cell",
                "table cell"
            ]
        );
        assert_eq!(&GUIDE[b[0].range.clone()], "Welkom");
        let p = &b[1].content;
        assert_eq!(p[0], Inline::Text("Bel de ".into()));
        assert_eq!(
            p[1],
            Inline::Open {
                id: 1,
                md: "**".into()
            }
        );
        assert_eq!(
            p[2],
            Inline::Open {
                id: 2,
                md: "[".into()
            }
        );
        assert_eq!(
            p[4],
            Inline::Close {
                id: 2,
                md: "](service:gp)".into()
            }
        );
        assert_eq!(
            p[5],
            Inline::Close {
                id: 1,
                md: "**".into()
            }
        );
        assert!(p.contains(&Inline::Ph {
            id: 3,
            md: "<https://x.nl>".into()
        }));
        assert!(p.contains(&Inline::Text(". Tweede regel met ".into())));
        assert!(p.contains(&Inline::Ph {
            id: 4,
            md: "`code`".into()
        }));
        assert_eq!(
            b[3].content[1],
            Inline::Open {
                id: 1,
                md: "![".into()
            }
        );
    }

    #[test]
    fn untouched_blocks_give_back_the_same_document() {
        let b = blocks(GUIDE);
        let same: Vec<String> = b.iter().map(|b| to_markdown(&b.content)).collect();
        let again = replace_blocks(GUIDE, &b, &same);
        // Reflowed into one line per block, but the same document for a Markdown reader.
        let html = |md: &str| {
            let h = crate::render::markdown_html(md);
            h.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        assert_eq!(html(&again), html(GUIDE));
    }

    #[test]
    fn translated_text_cannot_inject_markup() {
        let content = vec![Inline::Text("1. # <b>*niet*</b> [x](y) & ~".into())];
        let md = to_markdown(&content);
        let html = crate::render::markdown_html(&md);
        assert_eq!(
            html,
            "<p>1. # &lt;b&gt;*niet*&lt;/b&gt; [x](y) &amp; ~</p>\n"
        );
    }
}

//! The laid-out card, checked and mended before it is written as PDF: no text may run past
//! the edge of the panel it is in (a clipped e-mail address prints a wrong address), and the
//! text a reader copies out of a right-to-left card must come out in the order it was written.
//!
//! Text extraction from Arabic and Farsi went wrong in two ways (seen with pdftotext):
//! - Typst 0.15 puts a mark (shadda, a vowel sign, hamza above) that the font moves up into a
//!   text item of its own, and gives both that item and its base letter's item the text of the
//!   whole cluster: the cluster is extracted twice. A mark alone in its item, with a
//!   neighbouring item carrying the same text, gets no text of its own.
//! - Poppler lays out the characters of a glyph that stands for several (lam-alef, a letter
//!   with its mark, a letter with ZWNJ) left to right and then reverses the whole right-to-left
//!   line, so they come out backwards. Those clusters are given their text reversed, which the
//!   line's reversal puts right again.

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::utils::Numeric;
use typst_layout::PagedDocument;

/// The texts that reach past the edge of the clipped box (a card panel) they are in, by more
/// than a hair.
pub fn clipped_texts(document: &PagedDocument) -> Vec<String> {
    let mut out = Vec::new();
    for page in document.pages() {
        walk(&page.frame, Transform::identity(), None, &mut out);
    }
    out
}

/// An area of the page: top-left and bottom-right corners.
type Area = (Point, Point);

fn corners(size: Point, ts: Transform) -> Area {
    let points = [
        Point::zero(),
        Point::new(size.x, Abs::zero()),
        Point::new(Abs::zero(), size.y),
        size,
    ]
    .map(|p| p.transform(ts));
    let mut min = points[0];
    let mut max = points[0];
    for p in points {
        min = min.min(p);
        max = max.max(p);
    }
    (min, max)
}

fn walk(frame: &Frame, ts: Transform, clip: Option<Area>, out: &mut Vec<String>) {
    let hair = Abs::pt(0.5);
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => {
                let inner = here.pre_concat(group.transform);
                let size = Point::new(group.frame.width(), group.frame.height());
                let clip = if group.clip.is_some() {
                    Some(corners(size, inner))
                } else {
                    clip
                };
                walk(&group.frame, inner, clip, out);
            }
            FrameItem::Text(text) => {
                let Some((min, max)) = clip else { continue };
                let b = text.bbox();
                if !b.min.x.is_finite() {
                    continue;
                }
                let (a, z) = corners(
                    b.max - b.min,
                    here.pre_concat(Transform::translate(b.min.x, b.min.y)),
                );
                if a.x < min.x - hair
                    || z.x > max.x + hair
                    || a.y < min.y - hair
                    || z.y > max.y + hair
                {
                    out.push(text.text.to_string());
                }
            }
            _ => {}
        }
    }
}

/// Every text of the document with its size in points.
pub fn text_sizes(document: &PagedDocument) -> Vec<(String, f64)> {
    fn walk(frame: &Frame, out: &mut Vec<(String, f64)>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Text(t) => out.push((t.text.to_string(), t.size.to_pt())),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for page in document.pages() {
        walk(&page.frame, &mut out);
    }
    out
}

/// The document with its text mapping mended for right-to-left extraction (see above).
pub fn mend_extraction(document: &PagedDocument) -> PagedDocument {
    let mut pages: typst::ecow::EcoVec<typst_layout::Page> =
        document.pages().iter().cloned().collect();
    for page in pages.make_mut() {
        mend(&mut page.frame);
    }
    PagedDocument::new(pages, typst::model::Document::info(document).clone())
}

fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn mend(frame: &mut Frame) {
    let texts: Vec<Option<String>> = frame
        .items()
        .map(|(_, item)| match item {
            FrameItem::Text(t) => Some(t.text.to_string()),
            _ => None,
        })
        .collect();
    let mut index = 0;
    frame.retain(|item| {
        let i: usize = index;
        index += 1;
        match item {
            FrameItem::Group(group) => mend(&mut group.frame),
            FrameItem::Text(t) => {
                let marks_only = t.glyphs.iter().all(|g| g.x_advance.is_zero());
                let neighbour_has_it = |j: Option<usize>| {
                    j.and_then(|j| texts.get(j))
                        .and_then(|t| t.as_deref())
                        .is_some_and(|n| n.contains(t.text.as_str()))
                };
                if marks_only
                    && t.text.chars().any(is_rtl)
                    && (neighbour_has_it(i.checked_sub(1)) || neighbour_has_it(Some(i + 1)))
                {
                    for g in &mut t.glyphs {
                        g.range = 0..0;
                    }
                }
                if t.text.chars().any(is_rtl) && !t.glyphs.iter().all(|g| g.range.is_empty()) {
                    let mut text = t.text.to_string();
                    let mut ranges: Vec<std::ops::Range<usize>> =
                        t.glyphs.iter().map(|g| g.range()).collect();
                    ranges.sort_by_key(|r| (r.start, r.end));
                    ranges.dedup();
                    for r in ranges {
                        let Some(cluster) = text.get(r.clone()) else {
                            continue;
                        };
                        if cluster.chars().count() > 1 && cluster.chars().any(is_rtl) {
                            let reversed: String = cluster.chars().rev().collect();
                            text.replace_range(r, &reversed);
                        }
                    }
                    t.text = text.into();
                }
            }
            _ => {}
        }
        true
    });
}

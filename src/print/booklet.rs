//! A5 pages imposed two by two on A4 landscape sheets for a saddle-stitched booklet: printed
//! double-sided (flip on the short edge), stacked and folded in the middle, the pages come in
//! reading order. A right-to-left booklet is bound on the right, so each side is mirrored.

use typst::foundations::{Content, Smart};
use typst::layout::{Abs, Frame, Point, Sides, Size};
use typst_layout::{Page, PagedDocument};

use crate::model::Dir;

/// A4 landscape.
const SHEET: (f64, f64) = (297.0, 210.0);

/// The page numbers (from 0) on each side of each sheet, left and then right as the sheet
/// lies in front of the printer, for `pages` pages (a multiple of four); a number past the
/// document's last page is a blank page.
pub fn order(pages: usize, dir: Dir) -> Vec<[usize; 2]> {
    debug_assert!(pages.is_multiple_of(4));
    let mut sides = Vec::with_capacity(pages / 2);
    for sheet in 0..pages / 4 {
        let front = [pages - 1 - 2 * sheet, 2 * sheet];
        let back = [2 * sheet + 1, pages - 2 - 2 * sheet];
        for mut side in [front, back] {
            if dir == Dir::Rtl {
                side.reverse();
            }
            sides.push(side);
        }
    }
    sides
}

/// `document`'s pages as a booklet: its pages padded with blank ones to a multiple of four,
/// two to an A4 landscape side.
pub fn impose(document: &PagedDocument, dir: Dir) -> PagedDocument {
    let pages = document.pages();
    let Some(first) = pages.first() else {
        return document.clone();
    };
    let page_size = first.frame.size();
    let count = pages.len().div_ceil(4) * 4;
    let sheet = Size::new(Abs::mm(SHEET.0), Abs::mm(SHEET.1));
    // Two pages side by side, centred on the sheet.
    let x0 = (sheet.x - page_size.x * 2.0) / 2.0;
    let y0 = (sheet.y - page_size.y) / 2.0;
    let mut out = typst::ecow::EcoVec::new();
    for (n, side) in order(count, dir).into_iter().enumerate() {
        let mut frame = Frame::hard(sheet);
        for (slot, index) in side.into_iter().enumerate() {
            if let Some(page) = pages.get(index) {
                let x = x0 + page_size.x * slot as f64;
                frame.push_frame(Point::new(x, y0), page.frame.clone());
            }
        }
        out.push(Page {
            frame,
            bleed: Sides::splat(Abs::zero()),
            fill: Smart::Auto,
            numbering: None,
            supplement: Content::empty(),
            number: n as u64 + 1,
        });
    }
    PagedDocument::new(out, typst::model::Document::info(document).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_pages_fold_into_reading_order() {
        // Sheet 1: 8|1 on the front, 2|7 on the back; sheet 2: 6|3, 4|5 (from 1).
        assert_eq!(order(8, Dir::Ltr), vec![[7, 0], [1, 6], [5, 2], [3, 4]]);
        // Bound on the right: the first page is the left half of the front.
        assert_eq!(order(8, Dir::Rtl), vec![[0, 7], [6, 1], [2, 5], [4, 3]]);
        assert_eq!(order(4, Dir::Ltr), vec![[3, 0], [1, 2]]);
    }
}

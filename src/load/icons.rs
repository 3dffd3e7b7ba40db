//! Category pictograms: small line drawings shipped in the theme (`icons/<name>.svg`) or added
//! by a site. They are pasted into every page, so an icon is reduced to plain shapes first:
//! no scripts, no links, no styles, nothing that loads from elsewhere.

use std::fmt::Write as _;

/// An icon reduced to shapes, ready to be written into a page or handed to the card.
#[derive(Clone, Debug, PartialEq)]
pub struct Icon {
    view_box: String,
    /// Presentation attributes of the `<svg>` element (`fill`, `stroke`, …).
    attrs: Vec<(String, String)>,
    /// The shapes, serialised.
    body: String,
}

/// Why an icon is refused, and where in its file.
#[derive(Debug)]
pub struct IconError {
    pub message: String,
    pub at: Option<std::ops::Range<usize>>,
}

impl From<&str> for IconError {
    fn from(message: &str) -> Self {
        IconError {
            message: message.to_owned(),
            at: None,
        }
    }
}

const SHAPES: [&str; 8] = [
    "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect",
];

const PRESENTATION: [&str; 8] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "fill-rule",
    "clip-rule",
    "opacity",
];

const GEOMETRY: [&str; 14] = [
    "d",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "points",
    "transform",
];

impl Icon {
    /// Parses an SVG file, keeping only shapes and their geometry and colours.
    pub fn parse(svg: &str) -> Result<Icon, IconError> {
        let doc = roxmltree::Document::parse(svg).map_err(|e| IconError {
            message: format!("not valid SVG: {e}"),
            at: None,
        })?;
        let root = doc.root_element();
        if root.tag_name().name() != "svg" {
            return Err("the file's root element is not <svg>".into());
        }
        let view_box = root
            .attribute("viewBox")
            .filter(|v| safe(v))
            .ok_or("the <svg> element needs a viewBox, like viewBox=\"0 0 24 24\"")?
            .to_owned();
        let attrs = PRESENTATION
            .iter()
            .filter_map(|a| {
                Some((
                    a.to_string(),
                    root.attribute(*a).filter(|v| safe(v))?.to_owned(),
                ))
            })
            .collect();
        let mut body = String::new();
        for child in root.children().filter(|n| n.is_element()) {
            shape(child, &mut body)?;
        }
        if body.is_empty() {
            return Err("the icon has no shapes (path, circle, rect, …)".into());
        }
        Ok(Icon {
            view_box,
            attrs,
            body,
        })
    }

    /// For a page: decorative (the text next to it says the same), sized by CSS, drawn in the
    /// text's colour.
    pub fn inline(&self) -> String {
        let mut out = format!(
            "<svg class=\"icon\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"{}\"",
            self.view_box
        );
        for (k, v) in &self.attrs {
            let _ = write!(out, " {k}=\"{v}\"");
        }
        let _ = write!(out, ">{}</svg>", self.body);
        out
    }

    /// As a file of its own, for the card.
    pub fn standalone(&self) -> String {
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"24\" height=\"24\" viewBox=\"{}\"",
            self.view_box
        );
        for (k, v) in &self.attrs {
            // The card has no text colour to inherit.
            let v = if v == "currentColor" { "#1f2937" } else { v };
            let _ = write!(out, " {k}=\"{v}\"");
        }
        let _ = write!(out, ">{}</svg>", self.body);
        out
    }
}

fn shape(node: roxmltree::Node, out: &mut String) -> Result<(), IconError> {
    let name = node.tag_name().name();
    let at = |message: String| IconError {
        message,
        at: Some(node.range()),
    };
    if !SHAPES.contains(&name) {
        return Err(at(format!(
            "<{name}> is not allowed in an icon: only shapes ({})",
            SHAPES.join(", ")
        )));
    }
    let _ = write!(out, "<{name}");
    for attr in node.attributes() {
        let a = attr.name();
        let allowed = GEOMETRY.contains(&a)
            || PRESENTATION.contains(&a)
            || (name == "rect" && (a == "width" || a == "height"));
        if !allowed {
            continue;
        }
        if !safe(attr.value()) {
            return Err(at(format!("the value of `{a}` is not allowed in an icon")));
        }
        let _ = write!(out, " {a}=\"{}\"", attr.value());
    }
    let children: Vec<_> = node.children().filter(|n| n.is_element()).collect();
    if children.is_empty() {
        out.push_str("/>");
    } else {
        out.push('>');
        for c in children {
            shape(c, out)?;
        }
        let _ = write!(out, "</{name}>");
    }
    Ok(())
}

/// Numbers, names and path commands only: no `url(…)`, quotes or markup.
fn safe(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " .,-#()%\n\t".contains(c))
        && !value.to_ascii_lowercase().contains("url(")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_kept_and_everything_else_refused() {
        let icon = Icon::parse(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" onload="x()"><path d="M3 22h18" id="a"/><circle cx="20" cy="10" r="2"/></svg>"#,
        )
        .unwrap();
        assert_eq!(
            icon.inline(),
            r#"<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" fill="none" stroke="currentColor"><path d="M3 22h18"/><circle cx="20" cy="10" r="2"/></svg>"#
        );
        assert!(icon.standalone().contains("stroke=\"#1f2937\""));
        for bad in [
            r#"<svg viewBox="0 0 24 24"><script>alert(1)</script></svg>"#,
            r#"<svg viewBox="0 0 24 24"><image href="https://x/y.png"/></svg>"#,
            r#"<svg viewBox="0 0 24 24"><path d="M0 0" fill="url(https://x)"/></svg>"#,
            r#"<svg viewBox="0 0 24 24"><foreignObject/></svg>"#,
            r#"<svg><path d="M0 0"/></svg>"#,
            r#"<html/>"#,
        ] {
            assert!(Icon::parse(bad).is_err(), "{bad}");
        }
    }
}

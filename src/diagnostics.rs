//! Problems found in a site, located in its files and rendered the way rustc renders them.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

/// A file of the site, kept in memory so that diagnostics can quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user knows it: relative to the site folder, with `/`.
    pub path: String,
    pub text: Arc<str>,
}

impl SourceFile {
    /// The longest line quoted whole; of a longer one (a paragraph of megabytes) only the part
    /// around the problem is quoted.
    const LONGEST_QUOTED_LINE: usize = 400;

    /// The part of a very long line around `span`, as the report quotes it; `None` for a line
    /// of ordinary length.
    fn long_line_window(&self, span: &SourceSpan) -> Option<MietteSpanContents<'_>> {
        let text = &*self.text;
        let start = span.offset().min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if line_end - line_start <= Self::LONGEST_QUOTED_LINE {
            return None;
        }
        let floor = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let from = floor(start.saturating_sub(60).max(line_start));
        let end = (start + span.len().max(1)).min(line_end);
        let to = floor((end + 60).min(line_end).max(end));
        let line = text[..start].matches('\n').count();
        // miette shows this as the column of the problem in the report's header.
        let column = text[line_start..start].chars().count();
        Some(MietteSpanContents::new_named(
            self.path.clone(),
            &text.as_bytes()[from..to],
            SourceSpan::from(from..to),
            line,
            column,
            1,
        ))
    }
}

/// Quoted with its path, so the report reads `╭─[contacts/amira.yaml:2:10]`.
impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if let Some(window) = self.long_line_window(span) {
            return Ok(Box::new(window));
        }
        let inner = self.text.as_bytes().read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.path.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub file: Option<Arc<SourceFile>>,
    /// Byte range in `file`.
    pub span: Option<Range<usize>>,
    pub label: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message.into())
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message.into())
    }

    fn new(severity: Severity, message: String) -> Self {
        Diagnostic {
            severity,
            message,
            help: None,
            file: None,
            span: None,
            label: None,
        }
    }

    /// Names the file; without a more precise span the report quotes its first line.
    pub fn in_file(mut self, file: &Arc<SourceFile>) -> Self {
        self.file = Some(file.clone());
        self.span.get_or_insert(0..0);
        self
    }

    /// Points at bytes `span` of `file`.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        let len = file.text.len();
        let start = span.start.min(len);
        self.span = Some(start..span.end.clamp(start, len));
        self.in_file(file)
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// 1-based line and column of the start of the span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let text = &self.file.as_ref()?.text;
        let start = self.span.as_ref()?.start;
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some((line, col))
    }

    /// `services/gp.yaml:3:7`, or just the path when there is no span.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match self.line_col() {
            Some((l, c)) => format!("{}:{l}:{c}", file.path),
            None => file.path.clone(),
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.span.as_ref()?;
        self.file.as_ref().map(|f| &**f as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        let label = LabeledSpan::new_with_span(self.label.clone(), span);
        Some(Box::new(std::iter::once(label)))
    }
}

/// All problems of one build, errors and warnings, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn extend_from(&mut self, items: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Only the errors, for reports where warnings would be noise.
    pub fn errors(&self) -> Diagnostics {
        Diagnostics {
            items: self
                .items
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The most problems reported for one file: past that, one line says how many more there
    /// are. A file with thousands of the same mistake is better read after fixing the first.
    pub const MAX_PER_FILE: usize = 50;

    /// Sorts by file and position so that the report reads top to bottom, and keeps at most
    /// [`Self::MAX_PER_FILE`] problems of each file.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            fn key(d: &Diagnostic) -> (Option<&str>, Option<usize>) {
                (
                    d.file.as_ref().map(|f| f.path.as_str()),
                    d.span.as_ref().map(|s| s.start),
                )
            }
            key(a).cmp(&key(b))
        });
        let mut kept: Vec<Diagnostic> = Vec::with_capacity(self.items.len());
        let mut run = 0;
        let mut dropped: Option<(Diagnostic, usize)> = None;
        for d in std::mem::take(&mut self.items) {
            let same_file = match (kept.last(), &d.file) {
                (Some(prev), Some(f)) => prev.file.as_ref().is_some_and(|p| p.path == f.path),
                _ => false,
            };
            run = if same_file { run + 1 } else { 1 };
            if !same_file && let Some((first, n)) = dropped.take() {
                kept.push(Self::more(first, n));
            }
            if run > Self::MAX_PER_FILE && d.file.is_some() {
                let entry = dropped.get_or_insert((d.clone(), 0));
                entry.1 += 1;
                if d.severity == Severity::Error {
                    entry.0.severity = Severity::Error;
                }
                continue;
            }
            kept.push(d);
        }
        if let Some((first, n)) = dropped {
            kept.push(Self::more(first, n));
        }
        self.items = kept;
    }

    /// The line that stands for `n` problems left out of `first`'s file.
    fn more(first: Diagnostic, n: usize) -> Diagnostic {
        let path = first
            .file
            .as_ref()
            .map_or("", |f| f.path.as_str())
            .to_owned();
        let mut d = Diagnostic::new(
            first.severity,
            format!("… and {n} more problem(s) in `{path}`, the first of them here"),
        )
        .help("fix the problems above and build again to see the rest");
        d.file = first.file;
        d.span = first.span;
        d
    }

    /// Renders every diagnostic in rustc's style, quoting the file with the line and column.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // Lines break at spaces only: an id, a path or a Markdown link stays whole, so it can
        // be copied from the message.
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_break_words(false)
            .with_word_separator(textwrap::WordSeparator::AsciiSpace)
            .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
        let mut out = String::new();
        for d in &self.items {
            handler
                .render_report(&mut out, d)
                .expect("writing to a String cannot fail");
            out.push('\n');
        }
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// What went wrong with a file, in words for the person at the computer, and what to do:
/// the operating system's own text ("No such file or directory (os error 2)") is kept only
/// for what has no plainer words.
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "there is no such file or folder: check the name, or give the whole path".into(),
        PermissionDenied => "this computer does not allow it: the file may be read-only, or open in another program (close it and try again)".into(),
        AlreadyExists => "something with this name is there already".into(),
        StorageFull => "the disk is full: make room and try again".into(),
        IsADirectory => "this is a folder, not a file".into(),
        NotADirectory => "a part of this path is a file, not a folder".into(),
        ReadOnlyFilesystem => "this disk cannot be written to: choose another folder".into(),
        InvalidData => "its content cannot be read (it may be damaged, or another kind of file)".into(),
        _ => e.to_string(),
    }
}

/// The id of `ids` a typo of `wrong` most likely meant: at most three edits away.
pub fn closest<'a>(wrong: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    nearest(wrong, ids, 1)
        .into_iter()
        .find(|k| strsim::levenshtein(k, wrong) <= 3)
}

/// Up to `n` of `ids`, nearest to `wrong` first and alphabetically among equals, so that a
/// hint reads the same on every run.
pub fn nearest<'a>(wrong: &str, ids: impl Iterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let mut known: Vec<(usize, &str)> = ids.map(|k| (strsim::levenshtein(k, wrong), k)).collect();
    known.sort_unstable();
    known.into_iter().take(n).map(|(_, k)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_and_column() {
        let file = Arc::new(SourceFile {
            path: "contacts/amira.yaml".into(),
            text: "id: amira\nservice: nowhere\n".into(),
        });
        let d = Diagnostic::error("unknown service `nowhere`")
            .at(&file, 19..26)
            .label("no service has this id")
            .help("use the id of a file in services/");
        assert_eq!(d.location().unwrap(), "contacts/amira.yaml:2:10");
        let mut all = Diagnostics::default();
        all.push(d);
        let text = all.render(false);
        assert!(text.contains("contacts/amira.yaml:2:10"), "{text}");
        assert!(text.contains("use the id of a file in services/"), "{text}");
    }

    #[test]
    fn a_problem_at_the_end_of_a_very_long_line_is_quoted_in_part() {
        let mut text = "title\n".to_owned();
        text.push_str(&"woord ".repeat(200_000));
        let at = text.len();
        text.push_str("[x](service:nergens)\n");
        let file = Arc::new(SourceFile {
            path: "guides/a.nl.md".into(),
            text: text.into(),
        });
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("link to unknown service").at(&file, at..at + 20));
        let out = all.render(false);
        assert!(out.contains("guides/a.nl.md:2:1200001"), "{out}");
        assert!(out.contains("[x](service:nergens)"), "{out}");
        assert!(out.len() < 2000, "{out}");
    }

    #[test]
    fn a_file_with_very_many_problems_is_reported_in_part() {
        let file = Arc::new(SourceFile {
            path: "services/gp.yaml".into(),
            text: "x\n".repeat(100).into(),
        });
        let mut all = Diagnostics::default();
        for i in (0..100).rev() {
            all.push(Diagnostic::error(format!("problem {i}")).at(&file, i * 2..i * 2 + 1));
        }
        all.push(Diagnostic::warning("no map"));
        all.sort();
        let messages: Vec<&str> = all.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), Diagnostics::MAX_PER_FILE + 2);
        assert_eq!(messages[0], "no map");
        assert_eq!(messages[1], "problem 0");
        assert_eq!(
            messages.last().unwrap(),
            &"… and 50 more problem(s) in `services/gp.yaml`, the first of them here"
        );
        assert_eq!(all.iter().last().unwrap().line_col(), Some((51, 1)));
        assert!(all.has_errors());
    }
}

//! What validating a site leaves for validating it again after a change: the preview checks a
//! site of thousands of files after every save, and a file's checks give the same value and
//! the same messages as long as its parsed document (the load cache hands out the very same
//! one while the file is unchanged) and what else they read (the context) are the same.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Doc;
use crate::load::raw::{RawContact, RawLedger, RawService};
use crate::model::{Contact, Ledger, Service};

use super::Cx;
use super::guides::GuideMemo;

/// See the module's doc.
#[derive(Default)]
pub struct Memo {
    /// `None` for a load that is not followed by another: keeping every file's checked value
    /// and messages would only cost a build memory (and a shared guide with a recording is
    /// copied to attach it).
    pub(super) guides: Option<GuideMemo>,
    pub(super) services: Option<DocMemo<RawService, Arc<Service>>>,
    pub(super) contacts: Option<DocMemo<RawContact, Arc<Contact>>>,
    pub(super) ledger: Option<DocMemo<Option<RawLedger>, Arc<Ledger>>>,
}

impl Memo {
    /// A memo that keeps what validation made, for the next validation to reuse.
    pub fn keeping() -> Memo {
        Memo {
            guides: Some(GuideMemo::default()),
            services: Some(DocMemo::default()),
            contacts: Some(DocMemo::default()),
            ledger: Some(DocMemo::default()),
        }
    }
}

/// One kind of file's checked values, by parsed document.
pub(super) struct DocMemo<R, T> {
    /// The hash of what else the checks read, when they ran.
    context: Option<u64>,
    /// From the last round of checks, by the document's address (the entry holds the
    /// document, so the address is not reused while it is here).
    last: HashMap<usize, Checked<R, T>>,
    /// This round's, which become `last` when it ends.
    now: HashMap<usize, Checked<R, T>>,
}

impl<R, T> Default for DocMemo<R, T> {
    fn default() -> Self {
        DocMemo {
            context: None,
            last: HashMap::new(),
            now: HashMap::new(),
        }
    }
}

struct Checked<R, T> {
    doc: Arc<Doc<R>>,
    value: Option<T>,
    diags: Vec<Diagnostic>,
}

impl<R, T: Clone> DocMemo<R, T> {
    /// Starts a round of checks in a context that hashes as `context`: what was checked in
    /// another context is forgotten.
    pub(super) fn begin(&mut self, context: u64) {
        let context = Some(context);
        if self.context != context {
            self.context = context;
            self.last.clear();
        }
        self.now.clear();
    }

    /// Ends the round: what it did not ask for (a file deleted or changed) is forgotten.
    pub(super) fn end(&mut self) {
        self.last = std::mem::take(&mut self.now);
    }
}

/// The hash of a context.
pub(super) fn hash_of(context: impl Hash) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    context.hash(&mut h);
    h.finish()
}

impl Cx<'_> {
    /// `check(self, doc)`, or what it gave and said in the memo's last round, for the same
    /// document in the same context.
    pub(super) fn memoized<R, T: Clone>(
        &mut self,
        memo: Option<&mut DocMemo<R, T>>,
        doc: &Arc<Doc<R>>,
        check: impl FnOnce(&mut Self, &Doc<R>) -> Option<T>,
    ) -> Option<T> {
        let Some(memo) = memo else {
            return check(self, doc);
        };
        let key = Arc::as_ptr(doc) as usize;
        let checked = match memo.last.remove(&key) {
            Some(checked) => checked,
            None => {
                let mut own = Diagnostics::default();
                std::mem::swap(self.diags, &mut own);
                let value = check(self, doc);
                std::mem::swap(self.diags, &mut own);
                Checked {
                    doc: doc.clone(),
                    value,
                    diags: own.into_iter().collect(),
                }
            }
        };
        for d in &checked.diags {
            self.diags.push(d.clone());
        }
        let value = checked.value.clone();
        memo.now.insert(Arc::as_ptr(&checked.doc) as usize, checked);
        value
    }
}

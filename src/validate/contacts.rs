//! `contacts/<id>.yaml`: a contact person and what they help with.

use crate::load::Doc;
use crate::load::raw::RawContact;
use crate::model::*;

use super::{Cx, Declared, Shown};

impl Cx<'_> {
    pub(super) fn contact(&mut self, doc: &Doc<RawContact>, ids: &Declared) -> Option<Contact> {
        let c = &doc.data;
        // Every field is checked before any is found missing: one run reports every problem.
        let id = self.id(doc, &c.id);
        let role = self.tr(doc, &c.role, Shown::AlsoOnCard);
        let service = self.reference(doc, &c.service, "service", &ids.services);
        let helps_with = self.tr(doc, &c.helps_with, Shown::AlsoOnCard);
        if let Some(h) = &helps_with
            && h.source().is_empty()
        {
            self.diags.push(
                doc.error(&c.helps_with, "`helps_with` is empty")
                    .help("list what this person can do for a newcomer, one short line each"),
            );
        }
        if c.name.value.trim().is_empty() {
            self.diags.push(doc.error(&c.name, "the name is empty"));
        }
        let name = self.shown(
            doc,
            doc.span(&c.name).start,
            c.name.value.trim(),
            Shown::AlsoOnCard,
        );
        let phone = c.phone.as_ref().and_then(|p| self.phone(doc, p));
        let email = c.email.as_ref().and_then(|e| self.email(doc, e));
        let languages = c
            .languages
            .iter()
            .filter_map(|l| self.lang(doc, l))
            .collect();
        let contact = Contact {
            id: id?,
            file: doc.file.path.clone(),
            name,
            role: role?,
            service: service?,
            phone,
            email,
            whatsapp: c.whatsapp,
            languages,
            helps_with: helps_with?,
            on_card: c.on_card,
            reviewed: self.reviewed(doc, &c.reviewed),
        };
        Some(contact)
    }
}

//! What a change to the site's files requires rendering again, so that the preview redoes only
//! that: saving a guide re-renders that guide's pages, not the site.
//!
//! Content is always loaded and validated whole (that is what finds every error); only the
//! rendering is narrowed. Anything the plan cannot reason about — the site configuration, the
//! theme, strings, the map, translations.yaml, a file added, removed or renamed — means
//! rendering everything.

use std::collections::HashSet;

use crate::model::{Guide, Id, Site};
use crate::render::{PageKey, Selection};

/// The pages and vCards to render again, whether services or contacts changed (then the
/// pocket cards and the open data are made again too), and whether the sitemap changed (a
/// guide's languages or place in the lists).
pub type Plan = Selection;

/// The plan for going from `old` to `new` after the files `changed` (relative to the site
/// folder, with `/`) were written; `None` when everything must be rendered.
pub fn plan(old: &Site, new: &Site, changed: &[String]) -> Option<Plan> {
    let ids = |s: &Site| {
        (
            s.services
                .iter()
                .map(|x| x.id.clone())
                .collect::<HashSet<_>>(),
            s.contacts
                .iter()
                .map(|x| x.id.clone())
                .collect::<HashSet<_>>(),
            s.guides
                .iter()
                .map(|x| x.id.clone())
                .collect::<HashSet<_>>(),
        )
    };
    // Pages, links, the sitemap and the language menus all follow from the ids.
    if ids(old) != ids(new) {
        return None;
    }
    let mut plan = Plan::default();
    for path in changed {
        let (dir, name) = path.split_once('/')?;
        if name.contains('/') {
            return None;
        }
        match dir {
            "services" => {
                for site in [old, new] {
                    for s in site.services.iter().filter(|s| &s.file == path) {
                        service_changed(&mut plan, old, new, &s.id);
                    }
                }
            }
            "contacts" => {
                for site in [old, new] {
                    for c in site.contacts.iter().filter(|c| &c.file == path) {
                        contact_changed(&mut plan, old, new, &c.id);
                    }
                }
            }
            "guides" => {
                let id = Id::parse(name.split('.').next()?).ok()?;
                let (a, b) = (guide(old, &id)?, guide(new, &id)?);
                plan.pages.insert(PageKey::Guide(id));
                if !same_outline(old, a, b) {
                    // The sitemap lists each guide's languages, in the guides' order.
                    plan.sitemap = true;
                    // Its title shows in the lists, and on the pages of its services.
                    plan.pages.extend(PageKey::LISTINGS);
                    for s in a.services.iter().chain(&b.services) {
                        plan.pages.insert(PageKey::Service(s.clone()));
                    }
                }
            }
            _ => return None,
        }
    }
    Some(plan)
}

fn guide<'s>(site: &'s Site, id: &Id) -> Option<&'s Guide> {
    site.guides.iter().find(|g| &g.id == id).map(|g| &**g)
}

/// Whether everything of a guide that other pages show — titles, summaries, languages, place
/// in the lists — is the same; its body is shown on its own pages only.
fn same_outline(site: &Site, a: &Guide, b: &Guide) -> bool {
    let langs = site.config.languages.iter().map(|l| &l.code);
    a.category == b.category
        && a.order == b.order
        && a.services == b.services
        && a.contacts == b.contacts
        && langs.into_iter().all(|l| {
            a.text.has(l) == b.text.has(l) && {
                let (x, y) = (a.text.get(l).value, b.text.get(l).value);
                x.title == y.title && x.summary == y.summary
            }
        })
}

fn service_changed(plan: &mut Plan, old: &Site, new: &Site, id: &Id) {
    let pages = &mut plan.pages;
    pages.insert(PageKey::Service(id.clone()));
    pages.extend(PageKey::LISTINGS);
    for site in [old, new] {
        // vCards name the service; guide pages show its name and its contacts' cards.
        plan.vcards
            .extend(site.contacts_of(id).map(|c| c.id.clone()));
        for g in &site.guides {
            let shows = g.services.contains(id)
                || g.contacts
                    .iter()
                    .any(|c| site.contact(c).is_some_and(|c| &c.service == id));
            if shows {
                pages.insert(PageKey::Guide(g.id.clone()));
            }
        }
    }
    plan.cards = true;
}

fn contact_changed(plan: &mut Plan, old: &Site, new: &Site, id: &Id) {
    let pages = &mut plan.pages;
    pages.extend(PageKey::LISTINGS);
    for site in [old, new] {
        if let Some(c) = site.contact(id) {
            pages.insert(PageKey::Service(c.service.clone()));
        }
        for g in site.guides.iter().filter(|g| g.contacts.contains(id)) {
            pages.insert(PageKey::Guide(g.id.clone()));
        }
    }
    plan.vcards.insert(id.clone());
    plan.cards = true;
}

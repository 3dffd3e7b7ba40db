//! What a guide's page shows: its text with the site's own links resolved, the services and
//! contacts it names, the notices of its translation, the guide on paper and its recording.

use tera::Context;

use super::plan::Page;
use super::views::{self, ContactView, Link, Resolver};
use super::{Renderer, markdown, urls};
use crate::model::*;

impl Renderer<'_> {
    pub(super) fn guide_context(
        &self,
        ctx: &mut Context,
        res: &Resolver,
        lang: &LangInfo,
        page: Page,
        g: &Guide,
    ) {
        let site = self.site;
        let summary = res.guide_summary(g);
        let text = g.text.get(&lang.code);
        let root = urls::root_of(&urls::file_of(&page.url(&lang.code)));
        let code = &lang.code;
        let resolve = |kind: XrefKind, id: &str| {
            let id = Id::parse(id).ok()?;
            Some(
                root.clone()
                    + &match kind {
                        XrefKind::Service => urls::service(code, &id),
                        XrefKind::Contact => urls::contact(code, &id),
                        XrefKind::Guide => urls::guide(code, &id),
                    },
            )
        };
        ctx.insert(
            "body",
            &markdown::to_html(text.value.shown_body(), &resolve),
        );
        ctx.insert("guide", &summary);
        let services: Vec<Link> = g
            .services
            .iter()
            .filter_map(|id| site.service(id))
            .map(|s| res.service_link(s))
            .collect();
        ctx.insert("services", &services);
        let contacts: Vec<ContactView> = g
            .contacts
            .iter()
            .filter_map(|id| site.contact(id))
            .map(|c| res.contact(c))
            .collect();
        ctx.insert("contacts", &contacts);
        let notice = match crate::translations::guide_state(site, g, &lang.code) {
            crate::translations::State::Outdated => "outdated",
            crate::translations::State::Machine => "machine",
            _ => "",
        };
        ctx.insert("translation", notice);
        ctx.insert("source_url", &urls::guide(&site.config.source, &g.id));
        ctx.insert("on_paper", &self.guides_on_paper);
        let recording = g.recordings.get(&lang.code).map(|r| {
            let state = crate::translations::recording_state(site, g, &lang.code);
            views::RecordingView::new(
                r,
                &lang.code,
                &g.id,
                state == Some(crate::translations::State::Outdated),
            )
        });
        ctx.insert("recording", &recording);
    }
}

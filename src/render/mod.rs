//! Stage 3: the site in memory to the bytes of every output file, rendered in parallel.
//!
//! Nothing here reads the disk: templates and strings arrive in the [`Theme`] and [`Locales`].

mod guide_page;
pub mod hsds;
pub mod markdown;
pub mod offline;
mod plan;
pub mod search;
pub mod structured;
mod templates;
pub mod urls;
mod vcard;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Locales;
use crate::load::Theme;
use crate::model::*;
use plan::Page;
pub use plan::{Collect, OutputFile, PageKey, Selection, Sink};
use templates::{Translate, error_chain};
use views::*;

/// Markdown as a guide page would show it, without resolving cross-references.
#[cfg(test)]
pub fn markdown_html(md: &str) -> String {
    markdown::to_html(md, &|_, _| None)
}

#[derive(Serialize)]
struct Alternate<'a> {
    lang: &'a Lang,
    name: &'a str,
    dir: &'static str,
    /// Relative to the site root.
    url: String,
    /// Absolute, for `hreflang` and canonical links.
    href: String,
}

/// Context every page template gets.
#[derive(Serialize)]
struct Common<'a> {
    lang: &'a Lang,
    dir: &'static str,
    lang_name: &'a str,
    source_lang: &'a Lang,
    /// The source language's name in the page's language.
    source_name: String,
    site_name: Text,
    /// From this page back to the site root; prefix of every internal link.
    root: String,
    url: String,
    canonical: String,
    /// The same page in every site language, for the language switcher.
    languages: Vec<Alternate<'a>>,
    /// The languages the page really exists in, for `hreflang`.
    alternates: Vec<Alternate<'a>>,
    emergency: Vec<EmergencyView>,
}

pub struct Renderer<'a> {
    site: &'a Site,
    tera: Tera,
    /// Category pictograms as inline SVG, by icon name.
    icons: HashMap<String, String>,
    locales: Arc<Locales>,
    /// Each guide's page links to the guide on paper beside it.
    guides_on_paper: bool,
}

impl<'a> Renderer<'a> {
    /// Compiles the theme's templates; `None` (with diagnostics) when one does not compile.
    pub fn new(
        site: &'a Site,
        theme: &Theme,
        locales: Arc<Locales>,
        diags: &mut Diagnostics,
    ) -> Option<Self> {
        let templates: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(name, file)| (name.as_str(), &*file.text))
            .collect();
        let mut tera = match templates::compiled(templates) {
            Ok(tera) => tera,
            Err(e) => {
                let mut d =
                    Diagnostic::error(format!("a template does not compile: {}", error_chain(&e)));
                if let Some(file) = theme
                    .templates
                    .iter()
                    .find(|(n, _)| e.to_string().contains(n.as_str()))
                {
                    d = d.in_file(file.1);
                }
                diags.push(d.help("fix the template named above; the built-in templates are in themes/default/templates"));
                return None;
            }
        };
        tera.register_function("t", Translate(locales.clone()));
        let icons = theme
            .icons
            .iter()
            .map(|(name, icon)| (name.clone(), icon.inline()))
            .collect();
        Some(Renderer {
            site,
            tera,
            icons,
            locales,
            guides_on_paper: site.config.guides_on_paper && theme.prints_guides(),
        })
    }

    /// Renders the pages and vCards of `selection` (and the sitemap when it says so), or with
    /// `None` every page of every language, the vCards, the large maps, the language chooser,
    /// the 404 page and the sitemap, into `sink`. Returns the HTML pages made per language
    /// code (the chooser and the 404 page under `""`).
    pub fn pages(
        &self,
        selection: Option<&Selection>,
        sink: &dyn Sink,
        diags: &mut Diagnostics,
    ) -> BTreeMap<String, usize> {
        let site = self.site;
        let mut pages = vec![
            Page::Home,
            Page::Contacts,
            Page::Services,
            Page::Guides,
            Page::Map,
            Page::Search,
        ];
        pages.extend(site.services.iter().map(|s| Page::Service(s)));
        pages.extend(site.guides.iter().map(|g| Page::Guide(g)));
        let wanted = |p: &Page| selection.is_none_or(|s| s.pages.contains(&p.key()));
        let jobs: Vec<(&LangInfo, Page)> = site
            .config
            .languages
            .iter()
            .flat_map(|l| pages.iter().filter(|p| wanted(p)).map(move |p| (l, *p)))
            .collect();
        let contacts: Vec<&Contact> = site
            .contacts
            .iter()
            .filter(|c| selection.is_none_or(|s| s.vcards.contains(&c.id)))
            .map(|c| &**c)
            .collect();
        let whole = selection.is_none();
        // Each file goes to the sink as soon as it is made; what comes back is the language
        // of each page (for the count) or a problem.
        let put = |r: Result<OutputFile, Diagnostic>| -> Option<Result<String, Diagnostic>> {
            let f = match r {
                Ok(f) => f,
                Err(d) => return Some(Err(d)),
            };
            let lang = f.path.ends_with(".html").then(|| {
                let lang = f.path.split('/').next().filter(|_| f.path.contains('/'));
                lang.unwrap_or("").to_owned()
            });
            match sink.put(f) {
                Ok(()) => lang.map(Ok),
                Err(d) => Some(Err(d)),
            }
        };
        let results: Vec<Result<String, Diagnostic>> = jobs
            .par_iter()
            .map(|(lang, page)| self.page(lang, *page))
            .chain(
                site.config
                    .languages
                    .par_iter()
                    .flat_map(|l| self.vcards(l, &contacts)),
            )
            .chain(
                site.config
                    .languages
                    .par_iter()
                    .filter(|_| wanted(&Page::Map))
                    .map(|l| Ok(self.large_map(l))),
            )
            .chain(rayon::iter::once(self.chooser()).filter(|_| whole))
            .chain(rayon::iter::once(self.not_found()).filter(|_| whole))
            .filter_map(put)
            .collect();
        let mut counts = BTreeMap::new();
        for r in results {
            match r {
                Ok(lang) => *counts.entry(lang).or_default() += 1,
                Err(d) => diags.push(d),
            }
        }
        if selection.is_none_or(|s| s.sitemap) {
            let sitemap: Vec<Vec<(String, String)>> = pages
                .iter()
                .map(|p| {
                    p.languages(site)
                        .iter()
                        .map(|l| (l.code.to_string(), self.absolute(&p.url(&l.code))))
                        .collect()
                })
                .collect();
            if let Err(d) = sink.put(OutputFile {
                path: "sitemap.xml".into(),
                bytes: structured::sitemap(&sitemap).into_bytes(),
            }) {
                diags.push(d);
            }
        }
        counts
    }

    /// `robots.txt`: everything may be read, and where the sitemap is.
    pub fn robots(&self) -> OutputFile {
        OutputFile {
            path: "robots.txt".into(),
            bytes: format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                self.absolute("sitemap.xml")
            )
            .into_bytes(),
        }
    }

    fn absolute(&self, url: &str) -> String {
        format!("{}/{url}", self.site.config.base_url)
    }

    fn common<'s>(&'s self, res: &Resolver, page: Option<Page>, url: &str) -> Common<'s> {
        let site = self.site;
        let lang = res.lang;
        let file = urls::file_of(url);
        let alternate = |l: &'s LangInfo| {
            let url = page.map_or_else(String::new, |p| p.url(&l.code));
            Alternate {
                lang: &l.code,
                name: &l.name,
                dir: l.dir.as_str(),
                href: self.absolute(&url),
                url,
            }
        };
        let source = site.config.source_info();
        let info = site.config.lang(&lang.code).expect("a site language");
        Common {
            lang: &info.code,
            dir: info.dir.as_str(),
            lang_name: &info.name,
            source_lang: &source.code,
            source_name: self.locales.language_name(&info.code, source),
            site_name: res.text(&site.config.name),
            root: urls::root_of(&file),
            canonical: self.absolute(url),
            url: url.to_owned(),
            languages: site.config.languages.iter().map(alternate).collect(),
            alternates: page.map_or_else(Vec::new, |p| {
                p.languages(site).into_iter().map(alternate).collect()
            }),
            emergency: res.emergency(),
        }
    }

    /// The services with a location, numbered on the maps in this order.
    fn located(&self) -> Vec<&'a Service> {
        self.site
            .services
            .iter()
            .filter(|s| s.location.is_some())
            .map(|s| &**s)
            .collect()
    }

    /// The town map for the map page's folder, `width` × `height` pixels, each marker a link
    /// to its service: the same projection as the card's.
    fn map_svg(&self, lang: &LangInfo, width: f64, height: f64) -> String {
        let located = self.located();
        let places: Vec<_> = located.iter().filter_map(|s| s.location).collect();
        let drawing = crate::map::Drawing::new(
            &self.site.basemap,
            &places,
            width,
            height,
            crate::map::Style::PAGE,
        );
        let root = urls::root_of(&urls::file_of(&urls::map(&lang.code)));
        drawing.svg(crate::map::Medium::Page, |n| {
            Some(format!(
                "{root}{}",
                urls::service(&lang.code, &located[n - 1].id)
            ))
        })
    }

    /// The map drawn three times as large (`<lang>/map/map.svg`), linked from the map page:
    /// a phone opens it and zooms in with two fingers to read every street, without
    /// JavaScript.
    fn large_map(&self, lang: &LangInfo) -> OutputFile {
        OutputFile {
            path: format!("{}map.svg", urls::map(&lang.code)),
            bytes: self.map_svg(lang, 960.0, 1200.0).into_bytes(),
        }
    }

    fn page(&self, lang: &LangInfo, page: Page) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let res = Resolver::new(site, lang);
        let mut ctx = Context::new();
        // What a search engine or a shared link shows under the title.
        let description = match page {
            Page::Service(s) => res.text(&s.description).text,
            Page::Guide(g) => res.guide_summary(g).summary.text,
            _ => res.text(&site.config.welcome).text,
        };
        ctx.insert("description", &description);
        match page {
            Page::Home => {
                ctx.insert("welcome", &res.text(&site.config.welcome));
                let featured: Vec<&Guide> = if site.config.featured_guides.is_empty() {
                    site.guides.iter().take(4).map(|g| &**g).collect()
                } else {
                    site.config
                        .featured_guides
                        .iter()
                        .filter_map(|id| site.guides.iter().find(|g| &g.id == id))
                        .map(|g| &**g)
                        .collect()
                };
                ctx.insert(
                    "guides",
                    &featured
                        .iter()
                        .map(|g| res.guide_summary(g))
                        .collect::<Vec<_>>(),
                );
                ctx.insert("categories", &self.categories(&res));
            }
            Page::Contacts => {
                let contacts: Vec<ContactView> =
                    site.contacts.iter().map(|c| res.contact(c)).collect();
                ctx.insert("contacts", &contacts);
            }
            Page::Services => ctx.insert("categories", &self.categories(&res)),
            Page::Service(s) => {
                ctx.insert("service", &res.service(s));
                ctx.insert("category_icon", &self.icon(&s.category));
                ctx.insert("hours_data", &self.hours_data(s, &lang.code));
                let contacts: Vec<ContactView> =
                    site.contacts_of(&s.id).map(|c| res.contact(c)).collect();
                ctx.insert("contacts", &contacts);
                let guides: Vec<GuideSummary> = site
                    .guides_about(&s.id)
                    .map(|g| res.guide_summary(g))
                    .collect();
                ctx.insert("guides", &guides);
                ctx.insert(
                    "jsonld",
                    &structured::service_jsonld(
                        site,
                        s,
                        &lang.code,
                        &self.absolute(&page.url(&lang.code)),
                    ),
                );
            }
            Page::Map => {
                // About a phone's width, so its names are read at their size there.
                ctx.insert("svg", &self.map_svg(lang, 320.0, 400.0));
                let legend: Vec<Link> =
                    self.located().iter().map(|s| res.service_link(s)).collect();
                ctx.insert("legend", &legend);
            }
            // The search page lists every guide: what a reader without JavaScript gets.
            Page::Guides | Page::Search => {
                let guides: Vec<GuideSummary> =
                    site.guides.iter().map(|g| res.guide_summary(g)).collect();
                ctx.insert("guides", &guides);
            }
            Page::Guide(g) => self.guide_context(&mut ctx, &res, lang, page, g),
        }
        let url = page.url(&lang.code);
        let common = self.common(&res, Some(page), &url);
        ctx.extend(Context::from_serialize(&common).expect("plain data serialises"));
        // Read last: building the views above is what discovers fallbacks. A guide shown
        // whole in the source language has its own notice, which says it all.
        let guide_fallback = matches!(page, Page::Guide(g) if !g.text.has(&lang.code));
        ctx.insert("fallback_used", &(res.used_fallback() && !guide_fallback));
        self.html(page.template(), &ctx, urls::file_of(&url))
    }

    /// What the "open now" script needs, as JSON for a `<script type="application/json">`:
    /// the week in minutes, closed dates, the time zone and the messages in the reader's
    /// language. Empty for a service without hours or seen by appointment only, where "open
    /// now" would mislead.
    fn hours_data(&self, s: &Service, lang: &Lang) -> String {
        let h = &s.hours;
        if h.by_appointment_only || h.days.is_empty() {
            return String::new();
        }
        let week: Vec<Vec<[u16; 2]>> = Weekday::ALL
            .iter()
            .map(|day| {
                h.days
                    .iter()
                    .filter(|(d, _)| d == day)
                    .flat_map(|(_, ranges)| ranges.iter())
                    .map(|r| [r.start.minutes(), r.end.minutes()])
                    .collect()
            })
            .collect();
        // The script puts the time and day in; Fluent isolates them for right-to-left text.
        let msg = |key: &str| {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("time", "{time}");
            args.set("day", "{day}");
            self.locales
                .format(lang, key, Some(&args))
                .unwrap_or_default()
        };
        let data = serde_json::json!({
            "tz": "Europe/Amsterdam",
            "week": week,
            "closed": h.closed_dates,
            "days": Weekday::ALL.iter().map(|d| msg(&format!("day-{}", d.key()))).collect::<Vec<_>>(),
            "t": {
                "open": msg("hours-open-until"),
                "today": msg("hours-opens-today"),
                "tomorrow": msg("hours-opens-tomorrow"),
                "on": msg("hours-opens-on"),
                "closed": msg("hours-closed"),
            },
        });
        // Inside <script>, `</` could end the element early.
        data.to_string().replace("</", "<\\/")
    }

    /// The pictogram of a category as inline SVG; empty when it has none.
    fn icon(&self, category: &Id) -> String {
        self.site
            .category(category)
            .and_then(|c| c.icon.as_ref())
            .and_then(|name| self.icons.get(name))
            .cloned()
            .unwrap_or_default()
    }

    fn categories(&self, res: &Resolver) -> Vec<CategoryView> {
        self.site
            .categories
            .iter()
            .map(|c| CategoryView {
                id: c.id.clone(),
                icon: self.icon(&c.id),
                name: res.text(&c.name),
                services: self
                    .site
                    .services
                    .iter()
                    .filter(|s| s.category == c.id)
                    .map(|s| res.service_link(s))
                    .collect(),
            })
            .filter(|c| !c.services.is_empty())
            .collect()
    }

    fn vcards(
        &self,
        lang: &LangInfo,
        contacts: &[&Contact],
    ) -> Vec<Result<OutputFile, Diagnostic>> {
        contacts
            .iter()
            .map(|c| {
                let service = self.site.service(&c.service).expect("validated reference");
                let card = vcard::vcard(
                    c,
                    c.role.get(&lang.code).value,
                    service,
                    service.name.get(&lang.code).value,
                    c.helps_with.get(&lang.code).value,
                );
                Ok(OutputFile {
                    path: urls::vcard(&lang.code, &c.id),
                    bytes: card.into_bytes(),
                })
            })
            .collect()
    }

    /// The root page: every language in its own name and script.
    fn chooser(&self) -> Result<OutputFile, Diagnostic> {
        let source = self.site.config.source_info();
        let res = Resolver::new(self.site, source);
        let mut ctx =
            Context::from_serialize(self.common(&res, None, "")).expect("plain data serialises");
        let langs: Vec<Alternate> = self
            .site
            .config
            .languages
            .iter()
            .map(|l| Alternate {
                lang: &l.code,
                name: &l.name,
                dir: l.dir.as_str(),
                url: urls::home(&l.code),
                href: self.absolute(&urls::home(&l.code)),
            })
            .collect();
        ctx.insert("alternates", &langs);
        ctx.insert("languages", &langs);
        ctx.insert("fallback_used", &false);
        ctx.insert("description", &res.text(&self.site.config.welcome).text);
        self.html("chooser.html", &ctx, "index.html".into())
    }

    /// `404.html`, served for any missing path, so its links start from the site's own path.
    fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        let source = self.site.config.source_info();
        let res = Resolver::new(self.site, source);
        let mut ctx =
            Context::from_serialize(self.common(&res, None, "")).expect("plain data serialises");
        let path = url::Url::parse(&self.site.config.base_url)
            .map(|u| u.path().trim_end_matches('/').to_owned() + "/")
            .unwrap_or_else(|_| "/".into());
        ctx.insert("root", &path);
        ctx.insert("fallback_used", &false);
        ctx.insert("description", &res.text(&self.site.config.welcome).text);
        self.html("404.html", &ctx, "404.html".into())
    }

    fn html(&self, template: &str, ctx: &Context, path: String) -> Result<OutputFile, Diagnostic> {
        let html = self.tera.render(template, ctx).map_err(|e| {
            Diagnostic::error(format!("template `{template}` failed for {path}: {}", error_chain(&e)))
                .help("a site's own template may use a variable the page does not have; see the built-in template of the same name")
        })?;
        Ok(OutputFile {
            path,
            bytes: html.into_bytes(),
        })
    }
}

#[derive(Serialize)]
struct CategoryView {
    id: Id,
    /// Inline SVG, made safe when the theme was loaded.
    icon: String,
    name: Text,
    services: Vec<Link>,
}

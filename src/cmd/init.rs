//! `wegwijs init DIR [--town NAME] [--url URL]`: a new site from the built-in example, with the
//! town's name and address filled in where the example has its own, and a checklist of what
//! to change next.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wegwijs::translations;

/// The example town's name as it is written in the example's languages.
const EXAMPLE_TOWN: &[&str] = &["Lindewaard", "ليندفارد", "ሊንደዋርድ", "لینده\u{200c}وارد"];

/// The example's own address, which `--url` replaces.
const EXAMPLE_URL: &str = "https://welkom.lindewaard.example";

#[derive(clap::Args)]
pub struct InitArgs {
    /// A new or empty folder
    dir: PathBuf,
    /// The town's name, written into the site wherever the example has its own
    #[arg(long, value_name = "NAME")]
    town: Option<String>,
    /// The address the site will be published at, like https://welkom.zwolle.nl
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// The languages to publish, like nl,en,ar,so=Soomaali: the example's others are taken
    /// out; a language the example lacks is added with its own name after `=`
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    languages: Vec<String>,
}

/// The example's languages with their own names; its texts are written in the first.
const EXAMPLE_LANGUAGES: &[(&str, &str)] = &[
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("ti", "ትግርኛ"),
    ("fa", "فارسی"),
];

/// A language asked for with `--languages`.
struct Wanted {
    code: String,
    /// Its own name, for a language the example does not have.
    name: Option<String>,
}

/// The `--languages` list checked before anything is written.
fn wanted_languages(list: &[String]) -> Result<Vec<Wanted>, String> {
    let mut out: Vec<Wanted> = Vec::new();
    for item in list.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        let (code, name) = match item.split_once('=') {
            Some((c, n)) => (
                c.trim(),
                Some(n.trim().to_owned()).filter(|n| !n.is_empty()),
            ),
            None => (item, None),
        };
        let code = wegwijs::model::Lang::parse(code)
            .map_err(|e| format!("--languages: {e}; write codes like nl,en,ar"))?
            .to_string();
        let known = EXAMPLE_LANGUAGES.iter().any(|(c, _)| *c == code);
        if !known && name.is_none() {
            return Err(format!(
                "--languages: the example has no {code}: write its name as its readers write it after `=`, like {code}=Soomaali"
            ));
        }
        if !out.iter().any(|w| w.code == code) {
            out.push(Wanted { code, name });
        }
    }
    let source = EXAMPLE_LANGUAGES[0].0;
    if !out.is_empty() && !out.iter().any(|w| w.code == source) {
        return Err(format!(
            "--languages: the example is written in Dutch first ({source}); keep {source} in the list"
        ));
    }
    Ok(out)
}

/// Takes the example's languages that are not wanted out of the site, and adds the new ones.
fn set_languages(dir: &Path, wanted: &[Wanted]) -> Result<(), String> {
    for (code, _) in EXAMPLE_LANGUAGES {
        if wanted.iter().any(|w| w.code == *code) {
            continue;
        }
        let loaded = wegwijs::build::load(dir).map_err(|d| d.render(false))?;
        let lang = wegwijs::model::Lang::parse(code)?;
        translations::commands::remove_language(dir, &loaded.site, &lang)?;
    }
    for w in wanted {
        let Some(name) = &w.name else { continue };
        if EXAMPLE_LANGUAGES.iter().any(|(c, _)| *c == w.code) {
            continue;
        }
        let path = dir.join(wegwijs::load::CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let new = translations::commands::with_language_entry(&text, &w.code, name)?;
        wegwijs::output::write_file_atomic(&path, new.as_bytes()).map_err(|e| e.to_string())?;
    }
    wegwijs::build::load(dir)
        .map(|_| ())
        .map_err(|d| d.render(false))
}

pub fn run(mut args: InitArgs) -> ExitCode {
    let fail = |message: String| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    };
    // Asked for in a terminal when not given; a script that gives neither gets the example's.
    let stdin = std::io::stdin();
    if (args.town.is_none() || args.url.is_none()) && stdin.is_terminal() {
        let (mut input, mut output) = (stdin.lock(), std::io::stdout());
        if args.town.is_none() {
            args.town = ask(
                &mut input,
                &mut output,
                "The town's name, as people read it (like Zwolle; Enter: keep the example's)",
                check_town,
            );
        }
        if args.url.is_none() {
            args.url = ask(
                &mut input,
                &mut output,
                "The address the site will be published at (like https://welkom.zwolle.nl; Enter: decide later)",
                check_url,
            );
        }
    }
    let town = match args.town.as_deref().map(check_town).transpose() {
        Ok(t) => t,
        Err(e) => return fail(format!("--town {e}, like --town \"Zwolle\"")),
    };
    let town = town.as_deref();
    if let Some(Err(e)) = args.url.as_deref().map(check_url) {
        return fail(format!("--url {e}, like --url https://welkom.zwolle.nl"));
    }
    let languages = match wanted_languages(&args.languages) {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let n = match wegwijs::load::write_example_site(&args.dir) {
        Ok(n) => n,
        Err(e) => return fail(format!("cannot create the site: {e}")),
    };
    let dir = &args.dir;
    if let Some(town) = town {
        let example = "is a fictional municipality. Every person, phone number, e-mail address and street\n# in this example is invented; replace them with your own.";
        let ours = format!(
            "has a site started from wegwijs' example town. The example's people, phone numbers,\n# e-mail addresses and streets are invented: replace them with {town}'s own."
        );
        let done = rename_town(dir, town).and_then(|()| {
            replace_in(&dir.join("site.yaml"), &[example], &ours).map_err(|e| e.to_string())
        });
        if let Err(e) = done {
            return fail(format!("cannot write the town's name into the site: {e}"));
        }
    }
    if let Some(url) = &args.url
        && let Err(e) = replace_in(
            &dir.join("site.yaml"),
            &[EXAMPLE_URL],
            url.trim_end_matches('/'),
        )
    {
        return fail(format!("cannot write the address into site.yaml: {e}"));
    }
    if !languages.is_empty()
        && let Err(e) = set_languages(dir, &languages)
    {
        return fail(format!("cannot set the site's languages: {e}"));
    }
    if let Err(e) = add_modelines(dir).and_then(|()| super::schema::write(dir)) {
        return fail(format!("cannot write the schemas for editors: {e}"));
    }
    let shown = dir.display();
    match town {
        Some(t) => println!("Created a new site for {t} in {shown} ({n} files)."),
        None => println!("Created a new site in {shown} ({n} files)."),
    }
    let new: Vec<&str> = languages
        .iter()
        .filter(|w| w.name.is_some() && !EXAMPLE_LANGUAGES.iter().any(|(c, _)| *c == w.code))
        .map(|w| w.code.as_str())
        .collect();
    if !languages.is_empty() {
        let codes: Vec<&str> = languages.iter().map(|w| w.code.as_str()).collect();
        println!("Languages: {}.", codes.join(", "));
    }
    if !new.is_empty() {
        // The interface's messages to translate, beside the texts.
        let mut ui = Vec::new();
        for code in &new {
            match wegwijs::translations::commands::write_ui_file(dir, code) {
                Ok(file) => ui.push(file),
                Err(e) => return fail(e),
            }
        }
        println!(
            "The site has no texts in {} yet: pages show the Dutch text until they are translated (wegwijs translations export {shown} --lang {} makes a file for a translator). The menus and buttons to translate are in {}.",
            new.join(", "),
            new[0],
            ui.join(", ")
        );
    }
    println!(
        "To edit it in your browser: run wegwijs serve {shown}, open http://127.0.0.1:8080/edit/ and keep that window running while you work (Ctrl+C stops it). The site itself is at http://127.0.0.1:8080/ and shows every save."
    );
    println!("What to change next, in this order:");
    if town.is_none() {
        println!(
            "  1. site.yaml: the town's name (the example's is Lindewaard) in `name` and `welcome`, in every language; `base_url`: where the site will be published."
        );
    } else {
        // The example's languages in other scripts than Latin that the site still has.
        let scripts: Vec<&str> = [("ar", "Arabic"), ("ti", "Tigrinya"), ("fa", "Farsi")]
            .into_iter()
            .filter(|(c, _)| languages.is_empty() || languages.iter().any(|w| w.code == *c))
            .map(|(_, name)| name)
            .collect();
        let spelling = match scripts.as_slice() {
            [] => String::new(),
            [one] => format!(
                " The town's name is written in Latin letters in the {one} texts: ask a translator for its local spelling."
            ),
            [rest @ .., last] => format!(
                " The town's name is written in Latin letters in the {} and {last} texts: ask a translator for its local spelling.",
                rest.join(", ")
            ),
        };
        println!(
            "  1. site.yaml: read `name` and `welcome` in every language.{spelling}{}",
            if args.url.is_none() {
                " `base_url`: where the site will be published."
            } else {
                ""
            }
        );
    }
    println!(
        "  2. services/ and contacts/: the example's services and people are invented (their addresses end in .example). Change them into your town's; delete what your town does not have (the editor says what still refers to it)."
    );
    println!(
        "  3. guides/: read each guide; they explain Dutch procedures, but were written for the example town."
    );
    println!("  4. Your town's map: wegwijs map import <extract.osm.pbf> {shown}");
    println!(
        "  5. wegwijs check {shown} lists every problem at once; wegwijs build {shown} makes the site in {shown}/public (give that folder to whoever publishes your website); wegwijs cards {shown} prints the pocket cards."
    );
    println!(
        "Editing in a text editor instead: VS Code with its \"YAML\" extension (Red Hat) offers every field with an explanation and the site's own ids, and underlines mistakes as you type. After adding a language, category, service, contact or guide, run wegwijs schema {shown} so that it is offered too."
    );
    ExitCode::SUCCESS
}

/// A town's name as given, trimmed; or why it is not one.
fn check_town(t: &str) -> Result<String, String> {
    let t = t.trim();
    if t.is_empty() || t.contains(['\n', ':', '#', '{', '}', '[', ']']) {
        return Err(format!(
            "`{t}` is not a town's name: write it as people read it"
        ));
    }
    Ok(t.to_owned())
}

/// A web address as given; or why it is not one.
fn check_url(u: &str) -> Result<String, String> {
    let u = u.trim();
    if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(char::is_whitespace) {
        return Err(format!("`{u}` is not a web address: write it in full"));
    }
    Ok(u.to_owned())
}

/// Asks `question` until the answer passes `check` or is empty (`None`: keep the default).
fn ask(
    input: &mut impl BufRead,
    output: &mut impl Write,
    question: &str,
    check: impl Fn(&str) -> Result<String, String>,
) -> Option<String> {
    loop {
        let _ = write!(output, "{question}: ");
        let _ = output.flush();
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 || line.trim().is_empty() {
            return None;
        }
        match check(&line) {
            Ok(answer) => return Some(answer),
            Err(e) => {
                let _ = writeln!(output, "{e}.");
            }
        }
    }
}

/// Writes `town` wherever the example has its own name, in every file. Translations that
/// were current stay current: their source changed in the same way.
fn rename_town(dir: &Path, town: &str) -> Result<(), String> {
    let before = not_current(dir)?;
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let text_file = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "md" | "ftl")
        );
        if entry.file_type().is_file() && text_file {
            replace_in(path, EXAMPLE_TOWN, town).map_err(|e| e.to_string())?;
        }
    }
    let after = wegwijs::build::load(dir)
        .map_err(|d| d.render(false))
        .map(|l| l.translations())?;
    for lang in &after.languages {
        let was_current = |key: &String| {
            before
                .iter()
                .find(|(l, _)| l == lang.lang.as_str())
                .is_some_and(|(_, keys)| !keys.contains(key))
        };
        let renamed: Vec<String> = lang
            .outdated
            .iter()
            .filter(|k| was_current(k))
            .cloned()
            .collect();
        if renamed.is_empty() {
            continue;
        }
        translations::commands::accept(dir, &renamed, &[lang.lang.to_string()], false, false)
            .map_err(|d| d.render(false))?;
    }
    Ok(())
}

/// Per language, the texts whose translation is not current.
fn not_current(dir: &Path) -> Result<Vec<(String, Vec<String>)>, String> {
    let loaded = wegwijs::build::load(dir).map_err(|d| d.render(false))?;
    let report = loaded.translations();
    Ok(report
        .languages
        .iter()
        .map(|l| {
            let keys = l
                .outdated
                .iter()
                .chain(&l.missing)
                .chain(&l.unverified)
                .chain(&l.machine)
                .cloned()
                .collect();
            (l.lang.to_string(), keys)
        })
        .collect())
}

/// Starts every YAML file staff edit with the line that tells an editor's YAML language
/// server its schema (`wegwijs schema` writes them), so that it completes and underlines as
/// one types. `translations.yaml` is written by wegwijs and named in `.vscode/settings.json`.
fn add_modelines(dir: &Path) -> Result<(), String> {
    use wegwijs::load::schema::{SchemaFile, modeline};
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let edited = |k: &SchemaFile| {
            matches!(
                k,
                SchemaFile::Site | SchemaFile::Service | SchemaFile::Contact
            )
        };
        let Some(kind) = SchemaFile::of_path(&relative).filter(edited) else {
            continue;
        };
        let path = entry.path();
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        if text.starts_with("# yaml-language-server:") {
            continue;
        }
        let new = format!("{}\n{text}", modeline(kind, &relative));
        wegwijs::output::write_file_atomic(path, new.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Replaces each of `from` by `to` in the file at `path`, written atomically.
fn replace_in(path: &Path, from: &[&str], to: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let mut new = text.clone();
    for f in from {
        new = new.replace(f, to);
    }
    if new != text {
        wegwijs::output::write_file_atomic(path, new.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_asked_again_until_the_answer_will_do() {
        let mut input = std::io::Cursor::new("welkom.zwolle.nl\n https://welkom.zwolle.nl \n");
        let mut output = Vec::new();
        let answer = ask(&mut input, &mut output, "The address", check_url);
        assert_eq!(answer.as_deref(), Some("https://welkom.zwolle.nl"));
        let said = String::from_utf8(output).unwrap();
        assert_eq!(said.matches("The address: ").count(), 2, "{said}");
        assert!(
            said.contains("`welkom.zwolle.nl` is not a web address"),
            "{said}"
        );
        // Enter, or the end of the input, keeps the example's.
        let mut input = std::io::Cursor::new("\n");
        assert_eq!(
            ask(&mut input, &mut Vec::new(), "The town", check_town),
            None
        );
        let mut input = std::io::Cursor::new("");
        assert_eq!(
            ask(&mut input, &mut Vec::new(), "The town", check_town),
            None
        );
        assert!(check_town("Zwolle: de stad").is_err());
    }

    #[test]
    fn the_languages_asked_for_are_checked_first() {
        let list = |l: &str| l.split(',').map(str::to_owned).collect::<Vec<_>>();
        let ok = wanted_languages(&list("nl, en,so=Soomaali,en")).unwrap();
        let codes: Vec<&str> = ok.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, ["nl", "en", "so"]);
        assert_eq!(ok[2].name.as_deref(), Some("Soomaali"));
        let e = wanted_languages(&list("nl,so")).err().unwrap();
        assert!(e.contains("so=Soomaali"), "{e}");
        let e = wanted_languages(&list("en,ar")).err().unwrap();
        assert!(e.contains("keep nl"), "{e}");
        assert!(wanted_languages(&list("nl,not a code")).is_err());
    }

    #[test]
    fn the_example_has_the_languages_init_knows() {
        let site = include_str!("../../content/site.yaml");
        assert!(site.contains(&format!("source_language: {}", EXAMPLE_LANGUAGES[0].0)));
        for (code, name) in EXAMPLE_LANGUAGES {
            assert!(
                site.contains(&format!("- code: {code}\n    name: {name}\n")),
                "{code} {name}"
            );
        }
        assert_eq!(check_town(" Zwolle ").unwrap(), "Zwolle");
    }
}

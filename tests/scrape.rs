//! `cargo xtask scrape` against an in-process HTTP server on 127.0.0.1 that serves the shared corpus
//! and the seed (read at test time from `../shared`, never copied here) and injects faults: a full
//! scrape, a second run that touches nothing, every kind of bad download leaving the old file as it
//! was, and the seed scraped by the real command and generated into a crate that passes clippy.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tests::{assert_clippy_clean, codegen, root, shared, snapshot_dir};
use xtask::scrape::{self, FetchOptions, Options, Status};

/// How a path misbehaves.
#[derive(Clone, Debug)]
enum Fault {
    None,
    /// Answers only after this long (longer than the client's timeout).
    Slow(Duration),
    /// Answers 500 to the first N requests, then normally.
    FailFirst(usize),
    /// Promises the whole body in Content-Length, sends half, stops.
    CutShort,
}

#[derive(Clone, Debug)]
struct Route {
    status: u16,
    body: Vec<u8>,
    fault: Fault,
}

impl Route {
    fn ok(body: impl Into<Vec<u8>>) -> Self {
        Route { status: 200, body: body.into(), fault: Fault::None }
    }

    fn status(status: u16) -> Self {
        Route { status, body: format!("status {status}").into_bytes(), fault: Fault::None }
    }

    fn with(mut self, fault: Fault) -> Self {
        self.fault = fault;
        self
    }
}

type Routes = Arc<Mutex<HashMap<String, Route>>>;

/// A server thread answering each request on a thread of its own (a slow answer holds up nothing),
/// from a map of URL path → route that a test may change between runs.
struct Server {
    base_url: String,
    routes: Routes,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(routes: HashMap<String, Route>) -> Server {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let routes: Routes = Arc::new(Mutex::new(routes));
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (routes, hits, stop) = (routes.clone(), hits.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(50)) else { continue };
                    let path = request.url().split('?').next().unwrap_or_default().to_string();
                    let count = {
                        let mut hits = hits.lock().unwrap();
                        let count = hits.entry(path.clone()).or_insert(0);
                        *count += 1;
                        *count
                    };
                    let route = routes.lock().unwrap().get(&path).cloned().unwrap_or_else(|| Route::status(404));
                    std::thread::spawn(move || answer(request, route, count));
                }
            })
        };
        Server { base_url: format!("http://127.0.0.1:{port}"), routes, hits, stop, thread: Some(thread) }
    }

    /// Serves `route` at `url`'s path from now on, counting its requests (and its faults) afresh.
    fn set(&self, url: &str, route: Route) {
        self.hits.lock().unwrap().remove(url_path(url));
        self.routes.lock().unwrap().insert(url_path(url).to_string(), route);
    }

    fn hits(&self, url: &str) -> usize {
        self.hits.lock().unwrap().get(url_path(url)).copied().unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(request: tiny_http::Request, route: Route, count: usize) {
    use std::io::Write as _;
    match route.fault {
        Fault::Slow(delay) => std::thread::sleep(delay),
        Fault::FailFirst(n) if count <= n => {
            let _ = request.respond(tiny_http::Response::from_string("try again").with_status_code(500));
            return;
        }
        Fault::CutShort => {
            let mut writer = request.into_writer();
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", route.body.len());
            let _ = writer.write_all(head.as_bytes());
            let _ = writer.write_all(&route.body[..route.body.len() / 2]);
            let _ = writer.flush();
            return;
        }
        Fault::None | Fault::FailFirst(_) => {}
    }
    let _ = request.respond(tiny_http::Response::from_data(route.body).with_status_code(route.status));
}

/// `https://host/a/b.md` → `/a/b.md`.
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// One page of the corpus: its Source URL, the operation MANIFEST.tsv says it documents, its text
/// from its last Source line on (the page itself, as the docs site would serve it), and the corpus
/// file's name (`a__b__c.md` for `.../endpoints/a/b/c.md`).
#[derive(Clone, Debug)]
struct Page {
    url: String,
    operation: String,
    text: String,
    name: String,
}

fn page_text(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let start = text.rfind("# Source:").unwrap_or_else(|| panic!("{}: no Source line", file.display()));
    text[start..].to_string()
}

fn manifest(corpus: &Path) -> Vec<Page> {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).unwrap();
    let pages: Vec<Page> = manifest
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 4, "MANIFEST.tsv: {line}");
            Page {
                url: columns[1].to_string(),
                operation: columns[3].to_string(),
                text: page_text(&corpus.join(columns[0])),
                name: columns[0].to_string(),
            }
        })
        .collect();
    assert_eq!(pages.len(), 33, "MANIFEST.tsv lists the 33 corpus pages");
    pages
}

/// The seed file, and its one body (the page of its last Source URL).
fn seed(dir: &Path) -> (PathBuf, Page) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let file = files.into_iter().find(|f| f.extension().is_some_and(|e| e == "txt")).expect("a seed file");
    let text = page_text(&file);
    let url = text.lines().next().unwrap().trim_start_matches("# Source:").trim().to_string();
    let page = Page { url, operation: "POST /api/v1/app-connections/1password".into(), text, name: String::new() };
    (file, page)
}

fn routes(pages: &[Page]) -> HashMap<String, Route> {
    pages.iter().map(|p| (url_path(&p.url).to_string(), Route::ok(p.text.clone()))).collect()
}

fn sources_file(dir: &Path, pages: &[Page]) -> PathBuf {
    let file = dir.join("sources.txt");
    let lines: String = pages.iter().map(|p| format!("# Source: {}\n", p.url)).collect();
    std::fs::write(&file, lines).unwrap();
    file
}

/// Short timeouts and backoff so that faults cost seconds, not minutes.
fn options(sources: &Path, specs: &Path, server: &Server) -> Options {
    let mut options = Options::new(sources.to_path_buf(), specs.to_path_buf());
    options.base_url = Some(server.base_url.clone());
    options.jobs = 4;
    options.fetch = FetchOptions { timeout: Duration::from_secs(1), retries: 2, backoff: Duration::from_millis(20) };
    options
}

fn page_file(specs: &Path, page: &Page) -> PathBuf {
    specs.join("pages").join(page.name.replace("__", "/"))
}

fn mtimes(dir: &Path) -> Vec<(PathBuf, SystemTime)> {
    snapshot_dir(dir)
        .into_iter()
        .map(|(relative, _)| {
            let modified = std::fs::metadata(dir.join(&relative)).unwrap().modified().unwrap();
            (relative, modified)
        })
        .collect()
}

fn status_of<'a>(summary: &'a scrape::Summary, url: &str) -> &'a Status {
    &summary.pages.iter().find(|p| p.url == url).unwrap_or_else(|| panic!("{url} not in the summary")).status
}

#[test]
fn a_full_scrape_writes_every_page_and_a_second_run_touches_nothing() {
    let Some(corpus) = shared("corpus/infisical") else { return };
    let pages = manifest(&corpus);
    let server = Server::start(routes(&pages));
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    let options = options(&sources_file(dir.path(), &pages), &specs, &server);

    let summary = scrape::run(&options).unwrap();
    assert!(summary.is_success(), "{summary}: {:#?}", summary.pages);
    assert_eq!((summary.new_pages(), summary.pages.len()), (33, 33), "{summary}");
    for page in &pages {
        let file = page_file(&specs, page);
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(text, page.text, "{} is the page as served", file.display());
        let declared = xtask::load::check_page(&file, &text).unwrap();
        let (method, path) = page.operation.split_once(' ').unwrap();
        assert!(
            declared.iter().any(|d| d.method == method.to_lowercase()
                && d.path == path
                && d.source_url.as_deref() == Some(page.url.as_str())),
            "{}: does not document {} for its URL",
            file.display(),
            page.operation
        );
    }
    // One file per URL and nothing else (no temp files), and the loader maps each back to its URL.
    assert_eq!(snapshot_dir(&specs).len(), 33);
    let loaded = xtask::load::load(std::slice::from_ref(&specs)).unwrap();
    assert_eq!(loaded.listed.len(), 33);
    assert!(loaded.listed.iter().all(|l| l.has_body));

    let before = snapshot_dir(&specs);
    let times = mtimes(&specs);
    let again = scrape::run(&options).unwrap();
    assert!(again.is_success(), "{again}");
    assert_eq!(again.unchanged(), 33, "{again}");
    assert_eq!(mtimes(&specs), times, "a second run rewrote files");
    assert_eq!(snapshot_dir(&specs), before);
}

#[test]
fn every_bad_download_is_reported_and_keeps_the_old_file() {
    let Some(corpus) = shared("corpus/infisical") else { return };
    let pages: Vec<Page> = manifest(&corpus).into_iter().take(11).collect();
    let server = Server::start(routes(&pages));
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    let options = options(&sources_file(dir.path(), &pages), &specs, &server);
    let first = scrape::run(&options).unwrap();
    assert_eq!(first.new_pages(), 11, "{first}");
    let before = snapshot_dir(&specs);

    let html = "<!DOCTYPE html>\n<html><body><h1>Create</h1><p>Moved.</p></body></html>\n";
    let bad_yaml = pages[6].text.replacen("openapi: 3.0.", "openapi: [3.0.", 1);
    assert_ne!(bad_yaml, pages[6].text);
    let fence = pages[7].text.find("````yaml").unwrap();
    let cut = (fence + pages[7].text.len()) / 2;
    let cut = (cut..).find(|&i| pages[7].text.is_char_boundary(i)).unwrap();
    // Another endpoint's page, under this URL's Source line.
    let other = pages[9].text.replacen(&pages[9].url, &pages[8].url, 1);
    let faults: [(usize, Route, &str); 10] = [
        (0, Route::status(404), "HTTP 404"),
        (1, Route::status(500), "HTTP 500"),
        (2, Route::ok(pages[2].text.clone()).with(Fault::FailFirst(1)), ""),
        (3, Route::ok(pages[3].text.clone()).with(Fault::Slow(Duration::from_secs(4))), "timeout"),
        (4, Route::ok(pages[4].text.clone()).with(Fault::CutShort), "cut short"),
        (5, Route::ok(html), "HTML page"),
        (6, Route::ok(bad_yaml), "invalid YAML"),
        (7, Route::ok(&pages[7].text[..cut]), "cut short"),
        (8, Route::ok(other), "kept the file"),
        (10, Route::ok(pages[9].text.clone()), "belongs to"),
    ];
    for (index, route, _) in &faults {
        server.set(&pages[*index].url, route.clone());
    }

    let summary = scrape::run(&options).unwrap();
    assert!(!summary.is_success(), "{summary}");
    for (index, _, reason) in &faults {
        let page = &pages[*index];
        match status_of(&summary, &page.url) {
            Status::Failed(said) => {
                assert!(said.contains(reason), "{}: expected a reason with {reason:?}, got {said:?}", page.name)
            }
            Status::Unchanged => assert_eq!(*index, 2, "{}: should have failed", page.name),
            other => panic!("{}: {other:?}", page.name),
        }
    }
    // 500-then-200 was retried and succeeded; the 404 was not retried; the 500 was, then given up.
    assert_eq!(server.hits(&pages[2].url), 2);
    assert_eq!(server.hits(&pages[0].url), 1);
    assert_eq!(server.hits(&pages[1].url), 3);
    assert_eq!((summary.failed(), summary.unchanged()), (9, 2), "{summary}");
    // Every old file byte-identical, and no temp file left anywhere.
    assert_eq!(snapshot_dir(&specs), before);
}

#[test]
fn a_page_without_a_source_line_gets_its_original_url_and_a_failure_writes_nothing() {
    let Some(corpus) = shared("corpus/infisical") else { return };
    let pages: Vec<Page> = manifest(&corpus).into_iter().take(2).collect();
    let server = Server::start(HashMap::new());
    let bare = pages[0].text.split_once('\n').unwrap().1;
    server.set(&pages[0].url, Route::ok(bare));
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");

    let summary = scrape::run(&options(&sources_file(dir.path(), &pages), &specs, &server)).unwrap();
    assert_eq!(status_of(&summary, &pages[0].url), &Status::New);
    assert!(matches!(status_of(&summary, &pages[1].url), Status::Failed(r) if r.contains("404")));
    let written = std::fs::read_to_string(page_file(&specs, &pages[0])).unwrap();
    // The original URL, not the 127.0.0.1 it was fetched from.
    assert_eq!(written, format!("# Source: {}\n\n{bare}", pages[0].url));
    assert!(!page_file(&specs, &pages[1]).parent().unwrap().exists(), "a failed page created its directory");
}

/// Runs the real command, `cargo xtask scrape ...`: the xtask binary that `cargo test --workspace`
/// has just built beside this test (so no second build), or else through cargo in a target dir of
/// its own.
fn cargo_xtask_scrape(args: &[&str]) -> std::process::Output {
    let built = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent()?.parent().map(|dir| dir.join(format!("xtask{}", std::env::consts::EXE_SUFFIX))))
        .filter(|binary| binary.exists());
    let mut command = match built {
        Some(binary) => Command::new(binary),
        None => {
            let mut cargo = Command::new(env!("CARGO"));
            cargo
                .args(["xtask"])
                .env("CARGO_TARGET_DIR", root().join("target/corpus-check"))
                .env("CARGO_NET_OFFLINE", "true");
            cargo
        }
    };
    command.arg("scrape").args(args).current_dir(root()).output().expect("the xtask command runs")
}

#[test]
fn the_seed_scraped_by_the_command_generates_a_crate_that_passes_clippy() {
    let (Some(corpus), Some(seed_dir)) = (shared("corpus/infisical"), shared("seed")) else { return };
    let (seed_file, seed_page) = seed(&seed_dir);
    let mut pages = manifest(&corpus);
    pages.push(seed_page.clone());
    let server = Server::start(routes(&pages));
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    let specs_arg = specs.to_str().unwrap();

    let output = cargo_xtask_scrape(&[
        "--sources",
        seed_file.to_str().unwrap(),
        "--specs",
        specs_arg,
        "--base-url",
        &server.base_url,
        "--jobs",
        "8",
    ]);
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    // The server has only one of the seed's 130 pages: the rest are 404s, reported, and the exit is 1.
    assert_eq!(output.status.code(), Some(1), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("130 page(s): 1 new, 0 changed, 0 unchanged, 129 failed"), "{stdout}");
    assert_eq!(stderr.matches("HTTP 404").count(), 129, "{stderr}");
    let written = specs.join("pages/app-connections/1password/create.md");
    assert_eq!(std::fs::read_to_string(&written).unwrap(), seed_page.text);
    assert_eq!(snapshot_dir(&specs).len(), 1);

    // Everything fetched: exit 0, and the page is left alone.
    let one = sources_file(dir.path(), std::slice::from_ref(&seed_page));
    let output =
        cargo_xtask_scrape(&["--sources", one.to_str().unwrap(), "--specs", specs_arg, "--base-url", &server.base_url]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("1 page(s): 0 new, 0 changed, 1 unchanged, 0 failed"), "{stdout}");

    let out = tempfile::Builder::new().prefix("sdk-scraped-seed-").tempdir().unwrap();
    let outcome = codegen(&[specs], out.path(), false).unwrap_or_else(|e| panic!("{e}"));
    let operations: Vec<_> = outcome.generated.api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(operations, ["create_one_password_app_connection"]);
    assert_clippy_clean("scraped-seed", out.path());
}

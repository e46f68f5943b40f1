//! `cargo xtask scrape`: fetches the page of every `# Source:` URL in a list into `specs/pages/`.
//!
//! It rewrites the user's inputs from the network, so it is built never to lose a good page to a bad
//! download: each body is fetched with timeouts and retries ([`fetch`]), checked by the loader and
//! written atomically only when it changed ([`page`]); whatever fails leaves the old file as it was
//! and is listed, with its reason, in the [`Summary`].

mod fetch;
mod page;
pub mod paths;
mod progress;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

pub use fetch::FetchOptions;
use url::Url;

use crate::diag::Errors;

#[derive(Debug, Clone)]
pub struct Options {
    /// Any file with `# Source: URL` lines (`specs/sources.txt`, the seed).
    pub sources: PathBuf,
    /// The specs directory; pages go to `<specs>/pages/...`.
    pub specs: PathBuf,
    /// Fetch from this scheme + host (+ path prefix) instead of each URL's own: a mirror, a test server.
    pub base_url: Option<String>,
    /// Downloads at a time.
    pub jobs: usize,
    pub fetch: FetchOptions,
    /// A progress bar on a terminal, a line per page otherwise (on stderr); nothing when false.
    pub progress: bool,
}

impl Options {
    /// The command's defaults: 4 jobs, 30 s timeouts, 3 retries starting at half a second.
    pub fn new(sources: PathBuf, specs: PathBuf) -> Self {
        Options {
            sources,
            specs,
            base_url: None,
            jobs: 4,
            fetch: FetchOptions { timeout: Duration::from_secs(30), retries: 3, backoff: Duration::from_millis(500) },
            progress: false,
        }
    }
}

/// What happened to one URL's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    New,
    Changed,
    Unchanged,
    /// Why; the file, if there was one, is as it was.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageResult {
    pub url: String,
    /// Where the page lives, when the URL names a file at all.
    pub file: Option<PathBuf>,
    pub status: Status,
}

/// Every URL of the run, sorted by URL.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub pages: Vec<PageResult>,
}

impl Summary {
    fn count(&self, wanted: fn(&Status) -> bool) -> usize {
        self.pages.iter().filter(|p| wanted(&p.status)).count()
    }

    pub fn new_pages(&self) -> usize {
        self.count(|s| *s == Status::New)
    }

    pub fn changed(&self) -> usize {
        self.count(|s| *s == Status::Changed)
    }

    pub fn unchanged(&self) -> usize {
        self.count(|s| *s == Status::Unchanged)
    }

    pub fn failed(&self) -> usize {
        self.count(|s| matches!(s, Status::Failed(_)))
    }

    /// Whether every page was fetched and valid; the command exits non-zero otherwise.
    pub fn is_success(&self) -> bool {
        self.failed() == 0
    }
}

impl fmt::Display for Summary {
    /// The one-line tally the command ends with.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} page(s): {} new, {} changed, {} unchanged, {} failed",
            self.pages.len(),
            self.new_pages(),
            self.changed(),
            self.unchanged(),
            self.failed()
        )
    }
}

/// Problems that stop the run before any download.
#[derive(Debug, thiserror::Error)]
pub enum ScrapeError {
    #[error("{}: cannot read: {source}", path.display())]
    Sources { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Input(#[from] Errors),
    #[error("{}: no `# Source: URL` lines to scrape", .0.display())]
    NoSources(PathBuf),
    #[error("--base-url {url}: {reason}")]
    BaseUrl { url: String, reason: String },
}

/// One URL to fetch.
struct Job {
    index: usize,
    url: String,
    fetch: Url,
    file: PathBuf,
}

/// Scrapes every Source URL of `options.sources`. Per-page failures are in the summary; an `Err` means
/// nothing was fetched.
pub fn run(options: &Options) -> Result<Summary, ScrapeError> {
    let text = std::fs::read_to_string(&options.sources)
        .map_err(|source| ScrapeError::Sources { path: options.sources.clone(), source })?;
    let mut urls = crate::load::source_urls(&options.sources, &text)?;
    urls.sort();
    urls.dedup();
    if urls.is_empty() {
        return Err(ScrapeError::NoSources(options.sources.clone()));
    }
    let base = options
        .base_url
        .as_deref()
        .map(|url| paths::base_url(url).map_err(|reason| ScrapeError::BaseUrl { url: url.into(), reason }))
        .transpose()?;

    let (mut pages, jobs) = plan(&urls, base.as_ref(), options);
    let progress = progress::Progress::new(options.progress, jobs.len());
    let fetcher = fetch::Fetcher::new(options.fetch.clone());
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.clamp(1, jobs.len().max(1)) {
            let sender = sender.clone();
            let (next, jobs, fetcher, progress) = (&next, &jobs, &fetcher, &progress);
            scope.spawn(move || {
                while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let status = scrape_one(fetcher, job);
                    progress.finished(&job.url, &status);
                    // The receiver outlives the scope, so this cannot fail.
                    let _ = sender.send((job.index, status));
                }
            });
        }
    });
    drop(sender);
    progress.clear();
    for (index, status) in receiver {
        pages[index].status = status;
    }
    Ok(Summary { pages })
}

/// Every URL's result slot, and the jobs for those that name a file of their own. URLs that cannot
/// name a file, or that would share one, fail here, before anything is fetched.
fn plan(urls: &[String], base: Option<&Url>, options: &Options) -> (Vec<PageResult>, Vec<Job>) {
    let mut pages = Vec::new();
    let mut planned = Vec::new();
    let mut by_file = BTreeMap::<PathBuf, Vec<usize>>::new();
    for (index, url) in urls.iter().enumerate() {
        let target = paths::page_file(url).map(|f| options.specs.join(f));
        let fetch = paths::fetch_url(url, base);
        let (file, status) = match (target, fetch) {
            (Ok(file), Ok(fetch)) => {
                by_file.entry(file.clone()).or_default().push(index);
                planned.push(Job { index, url: url.clone(), fetch, file: file.clone() });
                // Filled in by the job.
                (Some(file), Status::Failed("not fetched".into()))
            }
            (Err(reason), _) | (_, Err(reason)) => (None, Status::Failed(reason)),
        };
        pages.push(PageResult { url: url.clone(), file, status });
    }
    let mut shared = Vec::new();
    for indices in by_file.values().filter(|indices| indices.len() > 1) {
        for &index in indices {
            let others: Vec<&str> = indices.iter().filter(|&&i| i != index).map(|&i| urls[i].as_str()).collect();
            pages[index].status = Status::Failed(format!("would share its file with {}", others.join(", ")));
            shared.push(index);
        }
    }
    planned.retain(|job| !shared.contains(&job.index));
    (pages, planned)
}

fn scrape_one(fetcher: &fetch::Fetcher, job: &Job) -> Status {
    let result = fetcher
        .get(&job.fetch)
        .and_then(|body| page::check(&job.file, &job.url, body))
        .and_then(|checked| page::update(&job.file, &checked));
    match result {
        Ok(page::Written::New) => Status::New,
        Ok(page::Written::Changed) => Status::Changed,
        Ok(page::Written::Unchanged) => Status::Unchanged,
        Err(reason) => Status::Failed(reason),
    }
}

//! The preview's search index, made again in the background after a save, so that the changed
//! pages are served at once and search catches up a moment later. It never slows the next
//! save: only the languages whose records the change altered are indexed again (a Dutch body
//! edit re-indexes Dutch, and the languages that show that guide in Dutch), one language at a
//! time, on a pool of its own whose thread runs at the lowest CPU priority.

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex};

use super::State;
use crate::build::Loaded;
use crate::render::search;

#[derive(Default)]
struct Queue {
    /// The site to index next, with the full build it belongs to.
    next: Option<(Arc<Loaded>, u64)>,
    running: bool,
    /// Each language's part of the last index made here, to be taken over while its records
    /// stay the same.
    parts: BTreeMap<String, search::Part>,
    /// The languages the last round indexed again.
    remade: Vec<String>,
}

/// One round at a time: saves that come while a round works only leave the newest site for
/// the next round.
#[derive(Default)]
pub(super) struct Indexer {
    queue: Mutex<Queue>,
    /// Signalled when a round ends with nothing left to do.
    idle: Condvar,
}

impl Indexer {
    /// Indexes `loaded` when the current round (if any) is done; the files replace the served
    /// index unless a full build (which brings its own) came in between.
    pub(super) fn request(
        self: &Arc<Self>,
        loaded: Arc<Loaded>,
        full_build: u64,
        shared: &Arc<(Mutex<State>, Condvar)>,
    ) {
        let mut queue = self.lock();
        queue.next = Some((loaded, full_build));
        if queue.running {
            return;
        }
        queue.running = true;
        let (indexer, shared) = (self.clone(), shared.clone());
        std::thread::spawn(move || indexer.run(&shared));
    }

    /// Forgets a site waiting to be indexed: a full build made a newer index.
    pub(super) fn drop_waiting(&self) {
        self.lock().next = None;
    }

    /// Waits until the last requested round is done.
    pub(super) fn settle(&self) {
        let queue = self.lock();
        let _idle = self
            .idle
            .wait_while(queue, |q| q.running)
            .expect("no panics while holding the lock");
    }

    /// The languages the last round indexed again.
    pub(super) fn remade(&self) -> Vec<String> {
        self.lock().remade.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().expect("no panics while holding the lock")
    }

    fn run(&self, shared: &(Mutex<State>, Condvar)) {
        background_priority();
        // Threads inherit the priority of the thread that starts them: the pool's, and those
        // Pagefind starts. Pagefind's parallel work goes to the pool it is called from.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "wegwijs-indexer".into())
            .build()
            .ok();
        loop {
            let (loaded, full_build, known) = {
                let mut queue = self.lock();
                let Some((loaded, full_build)) = queue.next.take() else {
                    queue.running = false;
                    self.idle.notify_all();
                    return;
                };
                (loaded, full_build, std::mem::take(&mut queue.parts))
            };
            // The parts and their joining both on this indexer's own pool, at its priority.
            let round = || {
                let (parts, remade) = search::parts(&loaded.site, known)?;
                let files = search::joined(parts.values());
                Ok::<_, crate::diagnostics::Diagnostic>((parts, remade, files))
            };
            // A panic in Pagefind ends this round, not the indexer (nor `settle`'s wait).
            let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &pool {
                Some(pool) => pool.install(round),
                None => round(),
            }));
            let Ok(Ok((parts, remade, files))) = made else {
                continue;
            };
            {
                let mut queue = self.lock();
                queue.parts = parts;
                queue.remade = remade;
            }
            let Ok(files) = files else {
                continue;
            };
            let mut state = shared.0.lock().expect("no panics while holding the lock");
            if state.full_builds != full_build {
                continue;
            }
            state.files.retain(|path, _| !path.starts_with(search::DIR));
            state
                .files
                .extend(files.into_iter().map(|f| (f.path, Arc::new(f.bytes))));
        }
    }
}

/// The lowest CPU priority for the calling thread (on Linux a thread's own; elsewhere left
/// as it is, since it would lower the whole server).
fn background_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; `0` names the calling thread on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

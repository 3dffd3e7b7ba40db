//! Load on the preview server (`bench/serve_load.sh` runs it): CLIENTS connections kept alive,
//! as a browser keeps them, asking for PATHS in turn until REQUESTS answers have come. Prints
//! the requests per second, the time per request (p50, p90, p99, max) and every error: a status
//! other than 200, a connection closed, an answer not as long as it says.
//!
//! usage: cargo run --release --example serve_load -- HOST:PORT CLIENTS REQUESTS PATH...
//!
//! Only the standard library, so that what is measured is the server and not a client's
//! framework; each client is a thread with one connection, writing a request and reading the
//! whole answer before the next, as HTTP/1.1 without pipelining does.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: serve_load HOST:PORT CLIENTS REQUESTS PATH...");
        std::process::exit(2);
    }
    let addr = args[0].clone();
    let (Ok(clients), Ok(total)) = (args[1].parse::<usize>(), args[2].parse::<usize>()) else {
        eprintln!("CLIENTS and REQUESTS are numbers");
        std::process::exit(2);
    };
    let paths = &args[3..];
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    let results: Vec<(Vec<Duration>, Vec<String>, u64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|_| scope.spawn(|| client(&addr, paths, &next, total)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a client thread does not panic"))
            .collect()
    });
    let wall = start.elapsed();
    let mut times: Vec<Duration> = results.iter().flat_map(|r| r.0.clone()).collect();
    let errors: Vec<&String> = results.iter().flat_map(|r| &r.1).collect();
    let bytes: u64 = results.iter().map(|r| r.2).sum();
    times.sort();
    let at = |q: f64| {
        times
            .get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN)
    };
    println!(
        "{} answers, {} errors, {clients} clients kept alive, {:.2} s, {:.0} requests/s, {:.1} MB",
        times.len(),
        errors.len(),
        wall.as_secs_f64(),
        times.len() as f64 / wall.as_secs_f64(),
        bytes as f64 / 1e6
    );
    println!(
        "per request: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
    for e in errors.iter().take(10) {
        println!("error: {e}");
    }
    if !errors.is_empty() {
        std::process::exit(1);
    }
}

/// One client: a kept-alive connection (made again after an error), its answers' times, its
/// errors and the bytes of the bodies read.
fn client(
    addr: &str,
    paths: &[String],
    next: &AtomicUsize,
    total: usize,
) -> (Vec<Duration>, Vec<String>, u64) {
    let (mut times, mut errors, mut bytes) = (Vec::new(), Vec::new(), 0u64);
    let mut conn: Option<BufReader<TcpStream>> = None;
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= total {
            break;
        }
        let path = &paths[i % paths.len()];
        let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\n\r\n");
        let started = Instant::now();
        let result = match conn.take() {
            Some(c) => Ok(c),
            None => TcpStream::connect(addr).map(BufReader::new),
        }
        .and_then(|mut c| ask(&mut c, request.as_bytes()).map(|answer| (c, answer)));
        match result {
            Ok((c, (200, len, keep))) => {
                times.push(started.elapsed());
                bytes += len;
                if keep {
                    conn = Some(c);
                }
            }
            Ok((_, (status, _, _))) => errors.push(format!("{path}: status {status}")),
            Err(e) => errors.push(format!("{path}: {e}")),
        }
    }
    (times, errors, bytes)
}

/// Writes `request` and reads the whole answer: its status, its body's length and whether the
/// connection stays open.
fn ask(conn: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<(u16, u64, bool)> {
    conn.get_mut().write_all(request)?;
    let mut line = String::new();
    if conn.read_line(&mut line)? == 0 {
        return Err(std::io::Error::other("the server closed the connection"));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP status line: {line:?}")))?;
    let (mut length, mut keep) = (None, true);
    loop {
        line.clear();
        conn.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse::<u64>().ok();
            } else if name.eq_ignore_ascii_case("connection") {
                keep = !value.eq_ignore_ascii_case("close");
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                return Err(std::io::Error::other(format!("body sent as {value}")));
            }
        }
    }
    let length = length.ok_or_else(|| std::io::Error::other("no Content-Length"))?;
    let read = std::io::copy(&mut conn.by_ref().take(length), &mut std::io::sink())?;
    if read != length {
        return Err(std::io::Error::other(format!(
            "{read} of {length} bytes before the connection closed"
        )));
    }
    Ok((status, length, keep))
}

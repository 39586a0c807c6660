//! The loopback end of the authorization-code flow: a one-request HTTP listener for Okta's redirect,
//! and a minimal "browser" for the simulator, whose authorize endpoint approves by itself.

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

/// An unguessable `state` for the authorize request.
pub fn random_state() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS has randomness");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Waits for the redirect, answers the browser, and returns the code once `state` matches.
pub fn wait_for_code(listener: &TcpListener, state: &str) -> Result<String> {
    let (mut stream, _) = listener.accept()?;
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let target = request_line.split_whitespace().nth(1).unwrap_or_default();
    let params: Vec<(String, String)> = target
        .split_once('?')
        .map(|(_, q)| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let body = "Okta answered; you can close this window.";
    write!(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())?;
    if let Some(error) = get("error") {
        bail!("Okta refused: {error}: {}", get("error_description").unwrap_or_default());
    }
    if get("state").as_deref() != Some(state) {
        bail!("the redirect's state does not match: refusing the code");
    }
    get("code").context("the redirect carried no code")
}

/// GETs the authorize URL and then the `Location` it redirects to, as a browser would.
pub fn follow_in_background(url: String) {
    std::thread::spawn(move || {
        if let Err(e) = get(&url).and_then(|location| location.context("no redirect")).and_then(|l| get(&l)) {
            eprintln!("simulated browser: {e:#}");
        }
    });
}

/// One plain-HTTP GET; returns the `Location` header.
fn get(url: &str) -> Result<Option<String>> {
    let rest = url.strip_prefix("http://").context("the simulated browser speaks plain http only")?;
    let (authority, path) = rest.split_once('/').map(|(a, p)| (a, format!("/{p}"))).unwrap_or((rest, "/".into()));
    let mut stream = TcpStream::connect(authority)?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("location")).map(|(_, v)| v.trim().to_string())))
}

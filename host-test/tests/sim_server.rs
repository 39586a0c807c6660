//! Simulator process behaviour: start-up cost, shutdown on drop, use from async code.

use host_test::sim::{SimConfig, Simulator};
use std::time::{Duration, Instant};

#[test]
fn starts_quickly_even_with_1200_seeded_users() {
    let t = Instant::now();
    let sim = Simulator::start(SimConfig { users: 1200, ..SimConfig::default() }).unwrap();
    // Well under 100 ms in practice; the bound leaves room for a loaded CI machine.
    assert!(t.elapsed() < Duration::from_millis(500), "{:?}", t.elapsed());
    assert_eq!(sim.user_count(), 1200);
}

#[test]
fn dropping_the_simulator_stops_the_server() {
    let sim = Simulator::start(SimConfig::default()).unwrap();
    let addr = format!("127.0.0.1:{}", sim.port());
    assert!(std::net::TcpStream::connect(&addr).is_ok());
    drop(sim);
    assert!(std::net::TcpStream::connect(&addr).is_err(), "port still accepting after drop");
}

#[test]
fn can_be_started_and_dropped_inside_an_async_runtime() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let sim = Simulator::start(SimConfig { users: 3, ..SimConfig::default() }).unwrap();
        let url = format!("{}/api/v1/users", sim.url());
        let token = sim.api_token();
        let status = tokio::task::spawn_blocking(move || ureq::get(&url).set("Authorization", &format!("SSWS {token}")).call().map(|r| r.status()))
            .await
            .unwrap();
        assert_eq!(status.unwrap(), 200);
        drop(sim);
    });
}

#[test]
fn a_fixed_port_can_be_requested() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = probe.local_addr().unwrap().port();
    drop(probe);
    let sim = Simulator::start(SimConfig { port, ..SimConfig::default() }).unwrap();
    assert_eq!(sim.url(), format!("http://127.0.0.1:{port}"));
    assert!(Simulator::start(SimConfig { port, ..SimConfig::default() }).is_err(), "port already in use");
}

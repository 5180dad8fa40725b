//! `slo_footprint`: the SLO-14 workload as a cache simulator sees it. Runs the
//! standardized workload (`slo_probe/workload.rs`) in one arm, with every
//! cache line the calls used evicted after each connector call: a sweep over
//! 8 MiB of data and a run through 64 KiB of straight-line code stand in for
//! the connector's system calls, which leave the engine's code and data cold
//! on real hardware (`docs/gates.md`, "The engine's footprint"). Under
//! valgrind's cache simulator the difference between an arm and `off` is then
//! what the security layers fetch per call: code lines (I1 misses) and data
//! lines (D1 misses), counts that do not depend on the machine's load.
//! `cargo xtask footprint` runs every arm under valgrind and prints the table;
//! run alone it only does the work:
//! `slo_footprint --arm off|on|validation-policy|risk|ledger [--rounds N]
//! [--clock cycle:NS_PER_TICK|os]`; `--clock` sets the risk controller's clock (default:
//! the one this process would get, which under valgrind is the operating
//! system's), and `slo_footprint --live-clock` prints which one the live
//! engine gets on this machine.

#[path = "slo_probe/workload.rs"]
mod workload;

use seclab_engine::hostcall::validate_call;
use seclab_engine::{Connector, ConnectorError, FsConnector, HostcallRequest, Validated};
use serde_json::Value;
use std::hint::black_box;

/// The connector of the workload, followed by the eviction.
struct Evicting<'a> {
    fs: &'a mut FsConnector,
    data: &'a mut [u8],
}

impl Connector for Evicting<'_> {
    fn call(&mut self, call: &Validated<'_>, req: &HostcallRequest) -> Result<Value, ConnectorError> {
        let r = self.fs.call(call, req);
        evict(self.data);
        r
    }
}

macro_rules! step4 {
    ($x:ident) => {
        $x = black_box($x).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x55;
        $x = black_box($x).rotate_left(7);
        $x = black_box($x).wrapping_add(3);
        $x = black_box($x) ^ 0x1234;
    };
}
/// Four times `$step` on `$x`.
macro_rules! times4 {
    ($step:ident, $x:ident) => {
        $step!($x);
        $step!($x);
        $step!($x);
        $step!($x);
    };
}
macro_rules! step16 {
    ($x:ident) => {
        times4!(step4, $x)
    };
}
macro_rules! step64 {
    ($x:ident) => {
        times4!(step16, $x)
    };
}
macro_rules! step256 {
    ($x:ident) => {
        times4!(step64, $x)
    };
}

/// About 64 KiB of straight-line code: every line of a 32 KiB first-level
/// instruction cache is replaced.
#[inline(never)]
fn evict_code(mut x: u64) -> u64 {
    times4!(step256, x);
    x
}

/// Touch one byte per line of `data` and run [`evict_code`].
#[inline(never)]
fn evict(data: &mut [u8]) {
    black_box(evict_code(data.len() as u64));
    for i in (0..data.len()).step_by(64) {
        data[i] = data[i].wrapping_add(1);
    }
    black_box(&data);
}

// The two `timed_` functions are what the probe times in a round (building
// the requests and the dispatcher, and dropping them, are not):
// `cargo xtask footprint` counts only inside them (`--toggle-collect`).

/// One round with security off: each call read, then handed to the connector.
#[inline(never)]
fn timed_off(fs: &mut FsConnector, reqs: &[HostcallRequest], data: &mut [u8]) -> usize {
    let mut failed = 0;
    for r in reqs {
        match validate_call(r) {
            Ok(v) => failed += usize::from(black_box(fs.call(&v, r)).is_err()),
            Err(_) => failed += 1,
        }
        evict(data);
    }
    failed
}

/// One round through the dispatcher, ending with the ledger read (sealing
/// left over is counted, as in the probe).
#[inline(never)]
fn timed_on(d: &mut seclab_engine::Dispatcher, c: &mut Evicting<'_>, reqs: &[HostcallRequest], ts: &mut u64) -> usize {
    let mut failed = 0;
    for r in reqs {
        *ts += 250;
        let o = d.dispatch_host_call_shared(r, *ts, c);
        failed += usize::from(black_box(o.status) != seclab_engine::DispatchStatus::Ok);
    }
    black_box(d.ledger().map(|l| l.last_hash().len()));
    failed
}

/// Which layers an arm runs.
#[derive(Clone, Copy)]
enum Arm {
    Off,
    On { risk: bool, ledger: bool },
}

fn parse_arm(s: &str) -> Option<Arm> {
    Some(match s {
        "off" => Arm::Off,
        "on" => Arm::On {
            risk: true,
            ledger: true,
        },
        "validation-policy" => Arm::On {
            risk: false,
            ledger: false,
        },
        "risk" => Arm::On {
            risk: true,
            ledger: false,
        },
        "ledger" => Arm::On {
            risk: false,
            ledger: true,
        },
        _ => return None,
    })
}

fn main() {
    let mut arm = None;
    let mut rounds = 10usize;
    let mut cycle_rate = None;
    if std::env::args().skip(1).eq(["--live-clock"]) {
        // Which clock `Dispatcher::new` gives the live engine here.
        match seclab_engine::CycleClock::new() {
            Some(c) => println!("cycle:{}", c.ns_per_tick()),
            None => println!("os"),
        }
        return;
    }
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next();
        let ok = match (flag.as_str(), value.as_deref()) {
            ("--arm", Some(v)) => {
                arm = parse_arm(v);
                arm.is_some()
            }
            ("--clock", Some("os")) => true,
            ("--clock", Some(v)) => {
                cycle_rate = v.strip_prefix("cycle:").and_then(|r| r.parse::<f64>().ok());
                cycle_rate.is_some()
            }
            ("--rounds", Some(v)) => match v.parse::<usize>() {
                Ok(n) if n > 0 => {
                    rounds = n;
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !ok {
            eprintln!("slo_footprint: usage: --arm off|on|validation-policy|risk|ledger [--rounds N (N >= 1)] [--clock cycle:NS_PER_TICK|os] | --live-clock");
            std::process::exit(2);
        }
    }
    let Some(arm) = arm else {
        eprintln!("slo_footprint: --arm is required (off|on|validation-policy|risk|ledger)");
        std::process::exit(2);
    };
    let (_dir, mut fs) = match workload::sandbox_in(None) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("slo_footprint: {e}");
            std::process::exit(1);
        }
    };
    let mut data = vec![0u8; 8 << 20];
    let mut ts = 0u64;
    let mut failed = 0usize;
    for _ in 0..rounds {
        // New requests each round, as in the probe.
        let reqs = workload::requests();
        evict(&mut data);
        match arm {
            Arm::Off => failed += timed_off(&mut fs, &reqs, &mut data),
            Arm::On { risk, ledger } => {
                let mut d = seclab_engine::Dispatcher::new(&workload::config_with(risk, ledger));
                // The clock the live engine reads on this machine (`--clock`,
                // found natively): valgrind hides the invariant-counter bit,
                // which would put the operating system's clock in the count.
                if let Some(rate) = cycle_rate {
                    match seclab_engine::CycleClock::with_rate(rate) {
                        Some(c) => d.set_risk_clock(Box::new(c)),
                        None => {
                            eprintln!("slo_footprint: --clock cycle:{rate}: no usable counter here");
                            std::process::exit(1);
                        }
                    }
                }
                let mut c = Evicting {
                    fs: &mut fs,
                    data: &mut data,
                };
                failed += timed_on(&mut d, &mut c, &reqs, &mut ts);
            }
        }
    }
    println!("{{\"calls\": {}, \"failed\": {failed}}}", rounds * workload::CALLS);
}

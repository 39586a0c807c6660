//! Fault matching: each injected fault affects its next `times` matching
//! requests, then it is spent.

use super::{Fault, FaultKind};
use std::sync::Mutex;

/// Consumes one use of the first live fault matching this request.
pub(crate) fn take(faults: &Mutex<Vec<Fault>>, method: &str, path: &str) -> Option<FaultKind> {
    let mut faults = faults.lock().unwrap();
    let i = faults.iter().position(|f| {
        f.times > 0
            && f.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
            && path.starts_with(&f.path_prefix)
    })?;
    let kind = faults[i].kind.clone();
    faults[i].times -= 1;
    if faults[i].times == 0 {
        faults.remove(i);
    }
    Some(kind)
}

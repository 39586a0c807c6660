//! `host-test data-source KEY`: answers one data source (dropdown options or a dynamic schema) and prints it.

use super::{arg_text, pretty, print_error, Target};
use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    /// Data source key, e.g. `users`, `user-factors`, `user-profile-schema` (see `describe`).
    key: String,
    /// Input JSON, or @FILE, e.g. `{"search": "ada"}` or `{"userId": "00u…"}`.
    #[arg(long, default_value = "{}")]
    input: String,
    #[command(flatten)]
    target: Target,
}

pub fn run(args: &Args) -> Result<i32> {
    let (connector, connection, _sim) = args.target.open()?;
    match connector.data_source(&args.key, &connection, &arg_text(&args.input)?)? {
        Ok(answer) => {
            println!("{}", pretty(&answer));
            Ok(0)
        }
        Err(e) => Ok(print_error(&e)),
    }
}

//! The headless runner: `simulate FILE.json` runs a scenario through every architecture it lists
//! and prints the JSON report. Exit status 2 means the file could not be used; the message says why.

use archflow::engine::report::run_scenario;
use archflow::engine::scenario::{Scenario, MAX_FILE_BYTES};
use std::io::{Read, Write};
use std::process::ExitCode;

const HELP: &str = "\
simulate: run an archflow scenario and print its report as JSON

USAGE:
    simulate FILE.json        run the scenario in FILE.json ('-' reads standard input)
    simulate --defaults       print the default scenario (every field, with its default)
    simulate --help           show this text

The scenario format (every field optional, units in the field names) is documented in README.md
under 'Scenario files'. The report has an object `architectures` keyed monolith, microservices,
serverless, hybrid (those simulated), each with requests, completed, failed (by cause),
latency_ms {mean, p50, p95, p99, max}, cost_usd and more.

EXIT STATUS:
    0  the report was printed
    2  the file is missing, is not valid JSON, or has invalid values (each is named)
";

fn load(path: &str) -> Result<Scenario, String> {
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES as u64 + 1)
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        s
    } else {
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        if meta.len() > MAX_FILE_BYTES as u64 {
            return Err(format!(
                "{path} is {} bytes; a scenario file may be at most {MAX_FILE_BYTES} bytes",
                meta.len()
            ));
        }
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
    };
    if text.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the input is over {MAX_FILE_BYTES} bytes; a scenario may be at most that"
        ));
    }
    let scenario = Scenario::parse_json(&text)?;
    scenario.validate().map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        format!(
            "the scenario has {} invalid value(s):\n{}",
            errors.len(),
            lines.join("\n")
        )
    })?;
    Ok(scenario)
}

/// Prints to standard output. A reader that went away (`simulate FILE | head`) is not an error of
/// ours: the program ends quietly with status 0, as command-line tools do, instead of panicking.
fn print_out(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("simulate: cannot write the report: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag] if flag == "--help" || flag == "-h" => print_out(HELP.trim_end()),
        [flag] if flag == "--defaults" => {
            print_out(&serde_json::to_string_pretty(&Scenario::default()).expect("serialisable"))
        }
        [path] => match load(path) {
            Ok(scenario) => {
                let (_, report) = run_scenario(&scenario);
                print_out(&serde_json::to_string_pretty(&report).expect("serialisable"))
            }
            Err(message) => {
                eprintln!("simulate: {message}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("simulate: expected one scenario file; run `simulate --help` for usage");
            ExitCode::from(2)
        }
    }
}

//! `beltmart-server user …`: the console's accounts, from the server's shell.
//! Adding an account or resetting one prints a one-time link where the person
//! sets their password; `--password-stdin` sets it directly, for scripts.

use std::io::BufRead;
use std::process::ExitCode;

use beltmart_contract::Role;

use crate::accounts::people::{self, By, NewAccount, Outcome};
use crate::accounts::{Account, Lifetimes, audit, now};
use crate::store::StoreAt;
use crate::store::records::Records;

#[derive(clap::Args, Debug)]
pub struct UserArgs {
    #[arg(
        long,
        env = "BELTMART_DB",
        default_value = "data/beltmart.sqlite",
        global = true
    )]
    pub db: StoreAt,
    /// Where people reach this site, for the links printed (as the server's --public-url).
    #[arg(long, env = "BELTMART_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account; prints a one-time link (valid 24 hours) where its password is set.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The factory's supplier id (factories only).
        #[arg(long)]
        supplier: Option<String>,
        /// Read the password from the first line of standard input instead of printing a link.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts: role, supplier, whether a password is set, sessions.
    List,
    /// Disable an account: it cannot sign in, and every session of it ends at once.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Enable a disabled account again.
    Enable {
        #[arg(long)]
        email: String,
    },
    /// Clear an account's password and end its sessions; prints a new one-time link.
    Reset {
        #[arg(long)]
        email: String,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum RoleArg {
    Owner,
    Factory,
}

pub fn run(args: UserArgs) -> ExitCode {
    match dispatch(&args) {
        Ok(Ok(said)) => {
            println!("{said}");
            ExitCode::SUCCESS
        }
        Ok(Err(refusal)) => {
            eprintln!("beltmart-server user: {refusal}; nothing was changed");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("beltmart-server user: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &UserArgs) -> Outcome<String> {
    let mut records = open(&args.db)?;
    let records = records.as_mut();
    let by = By {
        actor: audit::COMMAND_LINE,
        at: now(),
    };
    let lifetimes = Lifetimes::default();
    let link = |token: &str| setup_link(args.public_url.as_deref(), token);
    Ok(match &args.command {
        UserCommand::Add {
            email,
            role,
            supplier,
            password_stdin,
        } => {
            let password = match password_stdin {
                true => Some(first_line_of_stdin()?),
                false => None,
            };
            let new = NewAccount {
                email,
                role: match role {
                    RoleArg::Owner => Role::Owner,
                    RoleArg::Factory => Role::Factory,
                },
                supplier: supplier.as_deref(),
                password: password.as_deref(),
            };
            people::add(records, &new, lifetimes, by)?.map(|added| {
                let what = describe(&added.account);
                match added.setup_token {
                    Some(token) => format!(
                        "added {what}\nThe password is set at this link (it works once, for 24 hours):\n  {}",
                        link(&token)
                    ),
                    None => format!("added {what}, with the password given"),
                }
            })
        }
        UserCommand::List => Ok(list(records)?),
        UserCommand::Disable { email } => people::set_disabled(records, email, true, by)?
            .map(|a| format!("disabled {}; its sessions have ended", a.email)),
        UserCommand::Enable { email } => people::set_disabled(records, email, false, by)?
            .map(|a| format!("enabled {}", a.email)),
        UserCommand::Reset { email } => people::reset(records, email, lifetimes, by)?.map(
            |(account, token)| {
                format!(
                    "reset {}: its password is cleared and its sessions have ended.\nA new password is set at this link (it works once, for 24 hours):\n  {}",
                    account.email,
                    link(&token)
                )
            },
        ),
    })
}

fn open(db: &StoreAt) -> anyhow::Result<Box<dyn Records>> {
    // Opening the catalog first brings its schema up to date.
    db.open_existing().map_err(|err| {
        err.context("start the server once (it creates the catalog) or import one first")
    })?;
    db.open_records()
}

fn first_line_of_stdin() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// The whole link where a token sets a password ([`people::setup_path`]).
fn setup_link(public_url: Option<&str>, token: &str) -> String {
    let base = public_url.unwrap_or("http://127.0.0.1:8080");
    format!(
        "{}{}",
        base.trim_end_matches('/'),
        people::setup_path(token)
    )
}

fn describe(account: &Account) -> String {
    match &account.supplier {
        Some(supplier) => format!(
            "{} ({} of {supplier})",
            account.email,
            account.role.as_str()
        ),
        None => format!("{} ({})", account.email, account.role.as_str()),
    }
}

fn list(records: &mut dyn Records) -> anyhow::Result<String> {
    let accounts = people::list(records)?;
    if accounts.is_empty() {
        return Ok("no accounts yet; add one with `beltmart-server user add`".into());
    }
    let mut table = format!(
        "{:<32} {:<8} {:<24} {:<10} sessions",
        "email", "role", "supplier", "status"
    );
    for (account, sessions) in accounts {
        let status = match (account.disabled, account.has_password()) {
            (true, _) => "disabled",
            (false, true) => "active",
            (false, false) => "invited",
        };
        table.push_str(&format!(
            "\n{:<32} {:<8} {:<24} {:<10} {sessions}",
            account.email,
            account.role.as_str(),
            account.supplier.as_deref().unwrap_or("-"),
            status
        ));
    }
    Ok(table)
}

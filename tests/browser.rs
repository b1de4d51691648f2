//! The system browser with fake launchers: shell scripts in a temp dir that is the browser's whole
//! PATH, and `$BROWSER` values handed to it directly. Nothing here changes this process's
//! environment (tests run in parallel threads), and no real browser can be reached.

use linkedin_optout::io::{Browser, SystemBrowser};

#[cfg(unix)] // The fake launchers are Unix shell scripts.
const AI_URL: &str = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement";

/// Addresses that must never reach a launcher, whatever the environment says.
const NOT_CATALOG: [&str; 5] = [
    "https://evil.example/",
    "file:///etc/passwd",
    "https://www.linkedin.com.evil.example/",
    "--help",
    "%s",
];

#[test]
fn a_non_linkedin_address_is_refused_before_anything_runs() {
    let empty = tempfile::tempdir().expect("temp dir");
    let browser = SystemBrowser::new(None, Some(empty.path().as_os_str()));
    for url in NOT_CATALOG {
        let error = browser.open(url).expect_err("refused");
        assert!(
            error.reason.starts_with("refused to open"),
            "{url}: {error}"
        );
        assert!(!error.no_browser_here, "{url}");
    }
}

/// Fake launchers are shell scripts.
#[cfg(unix)]
mod fake_launchers {
    use std::ffi::OsStr;
    use std::fs;
    use std::io::Write;
    use std::path::PathBuf;
    use std::process::{Command, Stdio};

    use super::*;
    use linkedin_optout::io::{Launch, LaunchError};

    /// A folder of fake launchers that log how they were called.
    struct Launchers {
        dir: tempfile::TempDir,
    }

    impl Launchers {
        fn new() -> Self {
            let dir = tempfile::tempdir().expect("temp dir");
            fs::create_dir(dir.path().join("bin")).expect("mkdir");
            Self { dir }
        }

        fn bin(&self) -> PathBuf {
            self.dir.path().join("bin")
        }

        /// Each launcher's name and arguments, one call a line.
        fn log(&self) -> PathBuf {
            self.dir.path().join("calls.log")
        }

        fn calls(&self) -> String {
            fs::read_to_string(self.log()).unwrap_or_default()
        }

        /// A launcher that logs its call, then runs `then` (a line of sh).
        fn install(&self, name: &str, then: &str) {
            let script = format!(
                "#!/bin/sh\necho \"{name} $*\" >> '{}'\necho LAUNCHER-NOISE\n{then}\n",
                self.log().display()
            );
            // Written by another process: a file this multi-threaded process had open for
            // writing could be inherited by a fork in another test and fail with ETXTBSY.
            let mut writer = Command::new("/bin/sh")
                .args(["-c", "cat > \"$1\" && chmod 755 \"$1\"", "sh"])
                .arg(self.bin().join(name))
                .stdin(Stdio::piped())
                .spawn()
                .expect("sh");
            writer
                .stdin
                .take()
                .expect("piped")
                .write_all(script.as_bytes())
                .expect("script written");
            assert!(writer.wait().expect("sh ran").success());
        }

        /// The system browser with `browser_var` as `$BROWSER` and only this folder on PATH.
        fn browser(&self, browser_var: Option<&str>) -> SystemBrowser {
            SystemBrowser::new(browser_var, Some(self.bin().as_os_str()))
        }
    }

    fn failure(launchers: &Launchers, browser_var: Option<&str>) -> LaunchError {
        launchers
            .browser(browser_var)
            .open(AI_URL)
            .expect_err("the launch fails")
    }

    #[test]
    fn a_launcher_that_succeeds_has_opened_the_page() {
        let launchers = Launchers::new();
        launchers.install("xdg-open", "exit 0");
        assert_eq!(launchers.browser(None).open(AI_URL), Ok(Launch::Opened));
        assert_eq!(launchers.calls(), format!("xdg-open {AI_URL}\n"));
    }

    #[test]
    fn each_xdg_open_exit_code_is_said_in_plain_words() {
        for (code, words, no_browser_here) in [
            (
                1,
                "did not understand the request (exit code 1: a bad command line)",
                false,
            ),
            (
                2,
                "could not find the address (exit code 2: file or URL not found)",
                false,
            ),
            (
                3,
                "no browser here — xdg-open could not find a tool it needs",
                true,
            ),
            (4, "tried, but opening the page failed (exit code 4)", false),
        ] {
            let launchers = Launchers::new();
            launchers.install("xdg-open", &format!("exit {code}"));
            let error = failure(&launchers, None);
            assert!(error.reason.contains(words), "exit {code}: {error}");
            assert_eq!(error.no_browser_here, no_browser_here, "exit {code}");
            assert_eq!(
                error
                    .reason
                    .ends_with(". That is normal over SSH or on a server."),
                no_browser_here,
                "exit {code}: {error}"
            );
            for debug_text in ["ExitStatus", "unix_wait_status", "\"xdg-open\"", AI_URL] {
                assert!(!error.reason.contains(debug_text), "exit {code}: {error}");
            }
        }
    }

    #[test]
    fn with_no_launcher_at_all_there_is_no_browser_here() {
        let launchers = Launchers::new();
        let error = failure(&launchers, None);
        assert!(error.no_browser_here);
        assert!(
            error
                .reason
                .starts_with("no program that opens a browser was found")
                && error
                    .reason
                    .contains("That is normal over SSH or on a server."),
            "{error}"
        );
    }

    #[test]
    fn a_launcher_that_cannot_be_run_says_so() {
        let launchers = Launchers::new();
        launchers.install("xdg-open", "exit 0");
        Command::new("chmod")
            .arg("644")
            .arg(launchers.bin().join("xdg-open"))
            .status()
            .expect("chmod");
        let error = failure(&launchers, None);
        assert!(
            error
                .reason
                .contains("xdg-open could not be started (permission denied)"),
            "{error}"
        );
        assert!(!error.no_browser_here);
    }

    #[test]
    fn a_launcher_still_running_after_the_timeout_is_handed_off_not_opened() {
        let launchers = Launchers::new();
        let pid_file = launchers.dir.path().join("launcher.pid");
        launchers.install(
            "xdg-open",
            &format!("echo $$ > '{}'\nexec /bin/sleep 600", pid_file.display()),
        );
        let result = launchers.browser(None).open(AI_URL);
        let pid: i32 = fs::read_to_string(&pid_file)
            .expect("the launcher ran")
            .trim()
            .parse()
            .expect("a pid");
        // SAFETY: kill has no memory effects; the pid is the fake launcher's, still unreaped.
        assert_eq!(
            unsafe { libc::kill(pid, libc::SIGKILL) },
            0,
            "still running"
        );
        assert_eq!(result, Ok(Launch::HandedOff));
    }

    #[test]
    fn browser_var_is_honoured_when_there_is_no_system_launcher() {
        let launchers = Launchers::new();
        launchers.install("my-browser", "exit 0");
        assert_eq!(
            launchers.browser(Some("my-browser")).open(AI_URL),
            Ok(Launch::Opened)
        );
        assert_eq!(launchers.calls(), format!("my-browser {AI_URL}\n"));
    }

    #[test]
    fn browser_var_comes_before_the_system_launcher() {
        let launchers = Launchers::new();
        launchers.install("xdg-open", "exit 0");
        launchers.install("my-browser", "exit 0");
        assert_eq!(
            launchers.browser(Some("my-browser")).open(AI_URL),
            Ok(Launch::Opened)
        );
        assert_eq!(launchers.calls(), format!("my-browser {AI_URL}\n"));
    }

    #[test]
    fn percent_s_in_browser_var_is_replaced_by_the_address() {
        let launchers = Launchers::new();
        launchers.install("my-browser", "exit 0");
        let browser = launchers.browser(Some("my-browser --new-tab=%s --private"));
        assert_eq!(browser.open(AI_URL), Ok(Launch::Opened));
        // Replaced where it stands, and not added again at the end.
        assert_eq!(
            launchers.calls(),
            format!("my-browser --new-tab={AI_URL} --private\n")
        );
    }

    #[test]
    fn browser_var_falls_through_a_missing_and_a_failing_command() {
        let launchers = Launchers::new();
        launchers.install("failing-browser", "exit 1");
        launchers.install("good-browser", "exit 0");
        launchers.install("xdg-open", "exit 0");
        let browser =
            launchers.browser(Some("no-such-browser::failing-browser --flag:good-browser"));
        assert_eq!(browser.open(AI_URL), Ok(Launch::Opened));
        assert_eq!(
            launchers.calls(),
            format!("failing-browser --flag {AI_URL}\ngood-browser {AI_URL}\n")
        );
    }

    #[test]
    fn when_everything_fails_each_failure_is_named() {
        let launchers = Launchers::new();
        launchers.install("failing-browser", "exit 5");
        launchers.install("xdg-open", "exit 3");
        let error = failure(&launchers, Some("failing-browser"));
        assert_eq!(
            error.reason,
            "failing-browser (from $BROWSER) failed with exit code 5; no browser here — xdg-open \
             could not find a tool it needs, such as a browser (exit code 3). That is normal over \
             SSH or on a server."
        );
        assert!(error.no_browser_here);
    }

    #[test]
    fn gio_failing_on_a_server_means_no_browser_here() {
        let launchers = Launchers::new();
        launchers.install("gio", "exit 2");
        let error = failure(&launchers, None);
        assert_eq!(
            error.reason,
            "gio could not open it, usually because there is no browser here (exit code 2). \
             That is normal over SSH or on a server."
        );
        assert!(error.no_browser_here);
        assert_eq!(launchers.calls(), format!("gio open {AI_URL}\n"));
    }

    #[test]
    fn nothing_from_the_environment_opens_a_non_catalog_address() {
        let launchers = Launchers::new();
        launchers.install("my-browser", "exit 0");
        launchers.install("xdg-open", "exit 0");
        for browser_var in [None, Some("my-browser"), Some("my-browser %s"), Some("%s")] {
            let browser = launchers.browser(browser_var);
            for url in NOT_CATALOG {
                let error = browser.open(url).expect_err("refused");
                assert!(
                    error.reason.starts_with("refused to open"),
                    "{url}: {error}"
                );
            }
        }
        assert_eq!(launchers.calls(), "", "a launcher ran");
    }

    #[test]
    fn the_launchers_output_goes_nowhere() {
        // Every fake launcher prints LAUNCHER-NOISE; run as a child whose output is captured.
        let launchers = Launchers::new();
        launchers.install("xdg-open", "exit 0");
        let output = Command::new(std::env::current_exe().expect("the test binary"))
            .args([
                "--ignored",
                "--exact",
                "fake_launchers::child_opens_with_the_path_it_is_given",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_PATH, launchers.bin())
            .output()
            .expect("the child ran");
        assert!(output.status.success(), "{output:?}");
        assert_eq!(launchers.calls(), format!("xdg-open {AI_URL}\n"));
        let seen = [output.stdout, output.stderr].concat();
        assert!(
            !String::from_utf8_lossy(&seen).contains("LAUNCHER-NOISE"),
            "{}",
            String::from_utf8_lossy(&seen)
        );
    }

    const CHILD_PATH: &str = "LINKEDIN_OPTOUT_TEST_BROWSER_PATH";

    #[test]
    #[ignore = "a child process of the_launchers_output_goes_nowhere"]
    fn child_opens_with_the_path_it_is_given() {
        let Some(path) = std::env::var_os(CHILD_PATH) else {
            return;
        };
        let browser = SystemBrowser::new(None, Some(OsStr::new(&path)));
        assert_eq!(browser.open(AI_URL), Ok(Launch::Opened));
    }
}

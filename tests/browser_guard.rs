//! The last gate before the operating system: only LinkedIn addresses reach a browser launcher.
//! Its own test binary, so changing PATH here cannot disturb other tests.

use linkedin_optout::io::{Browser, SystemBrowser};

#[test]
fn the_system_browser_refuses_anything_but_linkedin() {
    // No launcher can be found, so even a broken guard would open nothing on this machine.
    let empty = tempfile::tempdir().expect("temp dir");
    // SAFETY: the only test in this binary, and no other thread reads the environment yet.
    unsafe { std::env::set_var("PATH", empty.path()) };
    for url in [
        "https://evil.example/",
        "file:///etc/passwd",
        "https://www.linkedin.com.evil.example/",
        "--help",
    ] {
        let error = SystemBrowser.open(url).expect_err("refused");
        assert!(
            error.reason.starts_with("refused to open"),
            "{url}: {error:?}"
        );
    }
    // Windows opens pages through ShellExecute, which no PATH takes away: a real browser.
    #[cfg(unix)]
    {
        let error = SystemBrowser
            .open("https://www.linkedin.com/mypreferences/d/categories/privacy")
            .expect_err("no launcher on this PATH");
        assert!(
            error.reason.contains("no program that opens a browser"),
            "{error:?}"
        );
        assert!(error.no_browser_here);
    }
}

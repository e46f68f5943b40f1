//! Generated files get the mode any program's files get: 0666 less the umask (a temp file's 0600,
//! which staging starts from, must not stay on them).

#[cfg(unix)]
#[test]
fn generated_files_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ has a parent").to_path_buf();
    for (umask, mode) in [("022", 0o644), ("077", 0o600)] {
        let out = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" codegen --specs tests/fixtures --out \"$1\""))
            .arg(env!("CARGO_BIN_EXE_xtask"))
            .arg(out.path())
            .current_dir(&root)
            .output()
            .expect("sh runs");
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        for file in ["src/types.rs", "Cargo.toml", "api-ir.json"] {
            let got = std::fs::metadata(out.path().join(file)).unwrap().permissions().mode() & 0o777;
            assert_eq!(got, mode, "{file} under umask {umask}: {got:o}");
        }
    }
}

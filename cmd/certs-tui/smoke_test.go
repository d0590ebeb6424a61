package main

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// smokeStepTimeout bounds the wait for one screen. Each step takes well
// under a second on a quiet machine; the margin is for loaded CI runners.
const smokeStepTimeout = 20 * time.Second

// smokeBuild is the console binary built once for every smoke test of this
// run, in a folder TestMain removes.
var smokeBuild struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if smokeBuild.dir != "" {
		_ = os.RemoveAll(smokeBuild.dir)
	}
	os.Exit(code)
}

// smokeBinary returns $CERTS_TUI_BIN, or builds the console once into a
// temporary folder.
func smokeBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("CERTS_TUI_BIN"); bin != "" {
		return bin
	}

	smokeBuild.once.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			smokeBuild.err = fmt.Errorf("the go command is not on PATH, so the console cannot be built; add it or set CERTS_TUI_BIN: %w", err)
			return
		}
		smokeBuild.dir, err = os.MkdirTemp("", "certs-tui-smoke-")
		if err != nil {
			smokeBuild.err = err
			return
		}
		smokeBuild.bin = filepath.Join(smokeBuild.dir, "certs-tui")
		out, err := exec.Command(goTool, "build", "-o", smokeBuild.bin, ".").CombinedOutput()
		if err != nil {
			smokeBuild.err = fmt.Errorf("go build of the console failed: %w\n%s", err, out)
		}
	})
	if smokeBuild.err != nil {
		t.Fatal(smokeBuild.err)
	}
	return smokeBuild.bin
}

// requireTmux skips the test when tmux is missing.
func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; this smoke test drives the console in tmux (.ci/run installs it)")
	}
}

// tmuxTerminal is one tmux server on a private socket, running the console
// in a 120x40 window.
type tmuxTerminal struct {
	t       *testing.T
	socket  string
	logPath string
}

// startTmux runs bin with args in a new tmux server, with the XDG folders
// under root, root as the working folder and env added to the environment.
// The shell keeps the pane open after the console exits and prints its exit
// status.
func startTmux(t *testing.T, bin, root string, env []string, args ...string) *tmuxTerminal {
	t.Helper()
	term := &tmuxTerminal{
		t:       t,
		socket:  filepath.Join(root, "tmux.sock"),
		logPath: filepath.Join(root, "state", appName, appName+".log"),
	}

	script := `bin="$1"; shift; "$bin" "$@"; echo "certs-tui exited with status $?"; sleep 600`
	command := []string{
		"-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-c", root,
		"env", "-u", envURL, "-u", envToken,
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"XDG_DATA_HOME=" + filepath.Join(root, "data"),
		"XDG_STATE_HOME=" + filepath.Join(root, "state"),
	}
	command = append(command, env...)
	command = append(command, "sh", "-c", script, "sh", bin)
	command = append(command, args...)

	term.run(command...)
	t.Cleanup(func() {
		_ = exec.Command("tmux", "-S", term.socket, "kill-server").Run()
	})
	return term
}

func (term *tmuxTerminal) run(args ...string) string {
	term.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-S", term.socket}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// keys sends tmux key names such as Enter or Tab.
func (term *tmuxTerminal) keys(names ...string) {
	term.t.Helper()
	term.run(append([]string{"send-keys"}, names...)...)
}

// typeText sends text literally, character by character.
func (term *tmuxTerminal) typeText(text string) {
	term.t.Helper()
	term.run("send-keys", "-l", text)
}

func (term *tmuxTerminal) screen() string {
	term.t.Helper()
	return term.run("capture-pane", "-p")
}

// waitFor polls the screen until it contains every part, and returns it.
// On timeout it fails with the last screen and the end of the console log.
func (term *tmuxTerminal) waitFor(step string, parts ...string) string {
	term.t.Helper()
	deadline := time.Now().Add(smokeStepTimeout)
	for {
		screen := term.screen()
		missing := ""
		for _, part := range parts {
			if !strings.Contains(screen, part) {
				missing = part
				break
			}
		}
		if missing == "" {
			return screen
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("%s: %q not on screen after %v.\nScreen:\n%s\nLog tail:\n%s",
				step, missing, smokeStepTimeout, screen, tail(term.logPath, 20))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitGone polls the screen until text is no longer on it.
func (term *tmuxTerminal) waitGone(step, text string) {
	term.t.Helper()
	deadline := time.Now().Add(smokeStepTimeout)
	for {
		screen := term.screen()
		if !strings.Contains(screen, text) {
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("%s: %q still on screen after %v.\nScreen:\n%s", step, text, smokeStepTimeout, screen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func tail(path string, lines int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return strings.Join(all[max(len(all)-lines, 0):], "\n")
}

var issuedSerial = regexp.MustCompile(`Issued serial (\d+) for smoke-cvm-1`)

// TestSmokeIssueDownloadRevoke drives the built console in a real terminal
// on the embedded local server: it issues a certificate, downloads its
// bundle, checks the files with crypto/x509, revokes the certificate, and
// quits.
func TestSmokeIssueDownloadRevoke(t *testing.T) {
	requireTmux(t)
	bin := smokeBinary(t)
	root := t.TempDir()
	term := startTmux(t, bin, root, nil)

	term.waitFor("domains screen", "service local", "Domains", "default")
	term.keys("Enter")

	term.waitFor("empty certificate list", "Certificates of default", "no certificates yet")
	term.keys("i")

	term.waitFor("issue form", "Issue a certificate", "Entity ID")
	term.typeText("smoke-cvm-1")
	term.keys("Tab", "Tab")
	term.typeText("10.0.0.7, fd00::7")
	term.keys("Enter")

	screen := term.waitFor("issued certificate", "Issued serial", "1 valid", "smoke-cvm-1")
	match := issuedSerial.FindStringSubmatch(screen)
	if match == nil {
		t.Fatalf("no issued serial on screen:\n%s", screen)
	}
	serial := match[1]

	term.keys("d")
	term.waitFor("download dialog", "Download bundle", root)
	term.keys("Enter")
	term.waitFor("saved bundle", "Saved cert.pem, key.pem")
	checkBundle(t, filepath.Join(root, "smoke-cvm-1-"+serial), serial)

	term.keys("x")
	term.waitFor("revoke confirmation", "Revoke certificate", "smoke-cvm-1", serial)
	term.keys("y")
	term.waitFor("revoked certificate", "Revoked serial "+serial, "0 valid", "1 revoked")

	term.keys("q")
	term.waitFor("domains screen after back", "Domains", "default")
	term.keys("q")
	term.waitFor("exit", "certs-tui exited with status 0")

	checkSmokeLog(t, term.logPath, serial)
}

// checkBundle verifies the downloaded files: the leaf names the entity and
// its IP addresses, chains to the root in ca.pem, matches the private key,
// and the key file is 0600.
func checkBundle(t *testing.T, dir, serial string) {
	t.Helper()
	leaf := parseCertificates(t, filepath.Join(dir, "cert.pem"))[0]
	chain := parseCertificates(t, filepath.Join(dir, "ca.pem"))

	if leaf.SerialNumber.String() != serial {
		t.Errorf("cert.pem serial = %s; want %s", leaf.SerialNumber, serial)
	}
	if leaf.Subject.CommonName != "smoke-cvm-1" {
		t.Errorf("cert.pem common name = %q; want smoke-cvm-1", leaf.Subject.CommonName)
	}
	wantIPs := []net.IP{net.ParseIP("10.0.0.7"), net.ParseIP("fd00::7")}
	if len(leaf.IPAddresses) != len(wantIPs) {
		t.Errorf("cert.pem IP addresses = %v; want %v", leaf.IPAddresses, wantIPs)
	}
	for i := range min(len(leaf.IPAddresses), len(wantIPs)) {
		if !leaf.IPAddresses[i].Equal(wantIPs[i]) {
			t.Errorf("cert.pem IP address %d = %v; want %v", i, leaf.IPAddresses[i], wantIPs[i])
		}
	}

	if len(chain) < 2 {
		t.Fatalf("ca.pem contains %d certificates; want the intermediate and the root", len(chain))
	}
	roots, intermediates := x509.NewCertPool(), x509.NewCertPool()
	roots.AddCert(chain[len(chain)-1])
	for _, c := range chain[:len(chain)-1] {
		intermediates.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: intermediates,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		t.Errorf("cert.pem does not chain to the root in ca.pem: %v", err)
	}

	keyPath := filepath.Join(dir, "key.pem")
	assertMode(t, keyPath, 0o600)
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(keyPEM)
	if block == nil {
		t.Fatal("key.pem contains no PEM block")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatalf("key.pem is not a PKCS #8 private key: %v", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		t.Fatalf("key.pem key of type %T cannot sign", key)
	}
	leafPublic, ok := leaf.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !leafPublic.Equal(signer.Public()) {
		t.Error("key.pem does not match the public key of cert.pem")
	}
}

func parseCertificates(t *testing.T, path string) []*x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		t.Fatalf("%s contains no certificate", path)
	}
	return certs
}

// checkSmokeLog checks that the run was logged to the private log file and
// that the private key never reached it.
func checkSmokeLog(t *testing.T, path, serial string) {
	t.Helper()
	assertMode(t, path, 0o600)
	assertMode(t, filepath.Dir(path), 0o700)

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"console starting", "local server started", serial, "console stopped"} {
		if !bytes.Contains(data, []byte(part)) {
			t.Errorf("log does not contain %q", part)
		}
	}
	if bytes.Contains(data, []byte("PRIVATE KEY")) {
		t.Error("log contains a private key")
	}
}

// TestSmokeRemoteProfile runs the console against a separate server through
// a config profile with a token file and read_only set.
func TestSmokeRemoteProfile(t *testing.T) {
	requireTmux(t)
	bin := smokeBinary(t)
	srv := servertest.Start(t)
	srv.Seed(srv.DomainID, 3)

	root := t.TempDir()
	configDir := filepath.Join(root, "config", appName)
	if err := os.MkdirAll(configDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(configDir, "lab.token"), []byte(srv.Token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	profile := fmt.Sprintf("[profiles.lab]\nurl = %q\ntoken_file = \"lab.token\"\nread_only = true\n", srv.URL)
	if err := os.WriteFile(filepath.Join(configDir, "config.toml"), []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}

	term := startTmux(t, bin, root, nil, "--profile", "lab")
	term.waitFor("domains screen", "service "+srv.URL, "profile lab", "[READ-ONLY]", "default")
	term.keys("Enter")
	term.waitFor("seeded certificates", "Certificates of default", "3 total")

	// Keys are handled in order, so once help is open the i before it has
	// been handled, and in read-only mode it must not have opened the form.
	term.keys("i", "?")
	screen := term.waitFor("help overlay", "closes this help")
	for _, hidden := range []string{"Issue a certificate", "delete entity", "renew"} {
		if strings.Contains(screen, hidden) {
			t.Errorf("read-only console shows %q:\n%s", hidden, screen)
		}
	}

	// An escape followed at once by q would read as alt+q, so the test waits
	// for the help to close before it sends q.
	term.keys("Escape")
	term.waitGone("help closed", "closes this help")
	term.keys("q")
	term.waitFor("domains screen after back", "Pick a domain")
	term.keys("q")
	term.waitFor("exit", "certs-tui exited with status 0")

	log, err := os.ReadFile(term.logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(log, []byte("token_source=")) || !bytes.Contains(log, []byte("lab.token")) {
		t.Errorf("log does not name the token file as the token source:\n%s", log)
	}
	if bytes.Contains(log, []byte(srv.Token)) {
		t.Error("log contains the bearer token")
	}
}

// TestSmokeRemoteBadToken checks that a rejected token is reported on
// screen with what to do about it.
func TestSmokeRemoteBadToken(t *testing.T) {
	requireTmux(t)
	bin := smokeBinary(t)
	srv := servertest.Start(t)
	root := t.TempDir()

	term := startTmux(t, bin, root, []string{envToken + "=not-the-token"}, "--url", srv.URL)
	term.waitFor("unauthorized error", "401", "token is missing or expired")

	term.keys("C-c")
	term.waitFor("exit", "certs-tui exited with status 0")
}

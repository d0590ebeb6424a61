package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/store"
)

// newCertificate returns a certificate to insert; the store does not parse
// DER, so the bytes only need to come back unchanged.
func newCertificate(domainID, entityID, serial string) store.NewCertificate {
	now := time.Now().UTC().Truncate(time.Second)
	return store.NewCertificate{
		Certificate: store.Certificate{
			Serial: serial, DomainID: domainID, EntityID: entityID, EntityType: "cvm",
			DER: []byte("der of " + serial), IssuedAt: now, ExpiresAt: now.Add(time.Hour),
		},
		KeyPEM: []byte("key of " + serial),
	}
}

func createDomain(t testing.TB, st *store.Store, id string) {
	t.Helper()
	if err := st.CreateDomain(context.Background(), store.Domain{ID: id, Name: id, Status: "active", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

func TestGroupCommitRepeatedSerial(t *testing.T) {
	st := openStore(t, t.TempDir())
	createDomain(t, st, "d1")
	ctx := context.Background()

	// 40 callers at once, so that commits carry several of them; callers
	// 7 and 23 send the same serial.
	const callers = 40
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		serial := fmt.Sprint(1000 + i)
		if i == 23 {
			serial = "1007"
		}
		wg.Go(func() {
			_, errs[i] = st.InsertCertificates(ctx, []store.NewCertificate{newCertificate("d1", fmt.Sprintf("e%d", i%3), serial)})
		})
	}
	wg.Wait()

	var repeats int
	for i, err := range errs {
		switch {
		case errors.Is(err, store.ErrSerialTaken):
			repeats++
		case err != nil:
			t.Errorf("caller %d: %v", i, err)
		}
	}
	if repeats != 1 {
		t.Errorf("%d callers got ErrSerialTaken, want exactly 1", repeats)
	}
	certs, total, err := st.ListCertificates(ctx, store.ListQuery{DomainID: "d1", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if total != callers-1 || len(certs) != callers-1 {
		t.Fatalf("listed %d of total %d, want %d", len(certs), total, callers-1)
	}
	for i := 1; i < len(certs); i++ {
		if certs[i-1].ID <= certs[i].ID {
			t.Errorf("list not newest first at %d: id %d before %d", i, certs[i-1].ID, certs[i].ID)
		}
	}
	for _, c := range certs {
		if string(c.DER) != "der of "+c.Serial {
			t.Errorf("serial %s has the DER %q of another certificate", c.Serial, c.DER)
		}
	}
}

func TestInsertBatchAllOrNothing(t *testing.T) {
	st := openStore(t, t.TempDir())
	createDomain(t, st, "d1")
	ctx := context.Background()
	if _, err := st.InsertCertificates(ctx, []store.NewCertificate{newCertificate("d1", "e", "1")}); err != nil {
		t.Fatal(err)
	}

	batch := []store.NewCertificate{newCertificate("d1", "e", "2"), newCertificate("d1", "e", "1")}
	if _, err := st.InsertCertificates(ctx, batch); !errors.Is(err, store.ErrSerialTaken) {
		t.Fatalf("batch with a repeated serial: %v, want ErrSerialTaken", err)
	}
	if _, err := st.CertificateBySerial(ctx, "2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("serial 2 of the refused batch: %v, want ErrNotFound", err)
	}
	if _, total, _ := st.ListCertificates(ctx, store.ListQuery{DomainID: "d1", Limit: 10}); total != 1 {
		t.Errorf("total %d after the refused batch, want 1", total)
	}
}

// TestUpgradeFromSchema2 turns a database back into the shape of schema 2,
// with the domain and entity indexes, and opens it again: migration 3 drops
// the indexes, and lists and entity deletes work as before.
func TestUpgradeFromSchema2(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st := openStore(t, dir)
	createDomain(t, st, "d1")
	for i := range 30 {
		if _, err := st.InsertCertificates(ctx, []store.NewCertificate{newCertificate("d1", fmt.Sprintf("e%d", i%3), fmt.Sprint(i+1))}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	db, err := sql.Open("sqlite", filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`CREATE INDEX certificates_listing ON certificates(domain_id, deleted, id)`,
		`CREATE INDEX certificates_entity ON certificates(domain_id, entity_id, deleted, id)`,
		`DELETE FROM schema_migrations WHERE version = 3`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	st = openStore(t, dir)
	removed, err := st.DeleteEntity(ctx, "d1", "e1", time.Now(), 5)
	if err != nil || removed != 10 {
		t.Fatalf("delete entity e1: removed %d, %v; want 10", removed, err)
	}
	certs, total, err := st.ListCertificates(ctx, store.ListQuery{DomainID: "d1", Limit: 5, Offset: 5})
	if err != nil || total != 20 || len(certs) != 5 {
		t.Fatalf("page after delete: %d of total %d, %v; want 5 of 20", len(certs), total, err)
	}
	for _, c := range certs {
		if c.EntityID == "e1" {
			t.Errorf("deleted entity's serial %s still listed", c.Serial)
		}
	}
	st.Close()

	db, err = sql.Open("sqlite", filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var indexes int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'certificates_%'`).Scan(&indexes); err != nil {
		t.Fatal(err)
	}
	if indexes != 0 {
		t.Errorf("%d domain or entity indexes left after migration 3", indexes)
	}
}

// TestCheckpointWhileOpen checks that committed rows reach the database
// file while the store stays open, so the WAL does not grow without bound.
func TestCheckpointWhileOpen(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	createDomain(t, st, "d1")
	dbPath := filepath.Join(dir, store.DatabaseFile)
	before := fileSize(t, dbPath)

	ctx := context.Background()
	for i := range 200 {
		if _, err := st.InsertCertificates(ctx, []store.NewCertificate{newCertificate("d1", "e", fmt.Sprint(i+1))}); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for fileSize(t, dbPath) <= before {
		if time.Now().After(deadline) {
			t.Fatalf("database file still %d bytes 10 s after 200 commits: no checkpoint ran", before)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// TestWALStartsOver checks that a steady stream of commits does not grow
// the WAL file: a passive checkpoint alone never catches up with it.
func TestWALStartsOver(t *testing.T) {
	t.Cleanup(store.SetCheckpointing(5*time.Millisecond, 64))
	dir := t.TempDir()
	st := openStore(t, dir)
	createDomain(t, st, "d1")

	ctx := context.Background()
	for i := range 1500 {
		if _, err := st.InsertCertificates(ctx, []store.NewCertificate{newCertificate("d1", "e", fmt.Sprint(i+1))}); err != nil {
			t.Fatal(err)
		}
	}
	// 1500 commits of two or more 4 KiB pages would make a WAL of over
	// 12 MB if it never started over.
	if size := fileSize(t, filepath.Join(dir, store.DatabaseFile+"-wal")); size > 4<<20 {
		t.Errorf("WAL of %d bytes after 1500 commits, want it to start over and stay under 4 MiB", size)
	}
}

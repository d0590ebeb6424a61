package client

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
)

// maxZipEntry caps the uncompressed size of one zip entry; PEM files of a
// certificate, key or CA chain are a few KiB.
const maxZipEntry = 1 << 20

// zipMagic starts every zip archive (a local file header).
var zipMagic = []byte("PK\x03\x04")

// isZip reports whether body is a zip archive, whatever its Content-Type header states.
func isZip(body []byte) bool {
	return bytes.HasPrefix(body, zipMagic)
}

// readZip reads the entries named in allowed from an in-memory archive.
// Any other entry, a directory, a link, a duplicate or an entry larger than
// maxZipEntry is an error, and nothing touches the file system.
func readZip(body []byte, allowed ...string) (map[string][]byte, error) {
	archive, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return nil, fmt.Errorf("%w: the zip response does not open: %v", ErrInvalidBundle, err)
	}

	known := make(map[string]bool, len(allowed))
	for _, name := range allowed {
		known[name] = true
	}

	files := make(map[string][]byte, len(allowed))
	for _, f := range archive.File {
		if !known[f.Name] {
			return nil, fmt.Errorf("%w: unexpected zip entry %q: only %v are allowed", ErrInvalidBundle, capText(f.Name), allowed)
		}
		if !f.Mode().IsRegular() {
			return nil, fmt.Errorf("%w: zip entry %q is not a regular file (mode %v)", ErrInvalidBundle, f.Name, f.Mode())
		}
		if _, dup := files[f.Name]; dup {
			return nil, fmt.Errorf("%w: zip entry %q appears twice", ErrInvalidBundle, f.Name)
		}
		if f.UncompressedSize64 > maxZipEntry {
			return nil, fmt.Errorf("%w: zip entry %q declares %d bytes, more than the %d byte limit", ErrInvalidBundle, f.Name, f.UncompressedSize64, maxZipEntry)
		}

		data, err := readZipEntry(f)
		if err != nil {
			return nil, err
		}
		files[f.Name] = data
	}

	return files, nil
}

// readZipEntry reads one entry, stopping at maxZipEntry bytes whatever the
// header declared.
func readZipEntry(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: zip entry %q does not open: %v", ErrInvalidBundle, f.Name, err)
	}
	defer rc.Close()

	data, err := io.ReadAll(io.LimitReader(rc, maxZipEntry+1))
	if err != nil {
		return nil, fmt.Errorf("%w: zip entry %q does not read: %v", ErrInvalidBundle, f.Name, err)
	}
	if len(data) > maxZipEntry {
		return nil, fmt.Errorf("%w: zip entry %q is larger than the %d byte limit", ErrInvalidBundle, f.Name, maxZipEntry)
	}

	return data, nil
}

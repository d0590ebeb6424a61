package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// resolveFolder turns the text of a folder prompt into a clean path. A
// leading "~" or "~/" stands for the home folder, as in a shell, because no
// shell expands what the operator types here. The form "~user" is not
// expanded. It returns an error naming that form rather than creating a
// folder named "~user".
func resolveFolder(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", fmt.Errorf("the folder is missing; type where to save, for example . or ~/certs")
	}
	if !strings.HasPrefix(text, "~") {
		return filepath.Clean(text), nil
	}

	rest := text[1:]
	if rest != "" && !strings.HasPrefix(rest, "/") {
		return "", fmt.Errorf("folder %q: only ~ and ~/ stand for the home folder; type the full path", text)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("folder %q: the home folder is unknown (%v); type the full path", text, err)
	}
	return filepath.Join(home, rest), nil
}

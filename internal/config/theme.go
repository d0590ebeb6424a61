package config

import (
	"fmt"

	"github.com/certs-tui/certs-tui/theme"
)

// themeValue reads a built-in theme name.
func themeValue(value any) (string, error) {
	name, err := stringValue(value)
	if err != nil {
		return "", err
	}
	if err := (theme.Choice{Name: name}).Check(); err != nil {
		return "", err
	}
	return name, nil
}

// colorsValue reads a table of role colour overrides, such as
// colors = { accent = "#FF8800", danger = "196" }.
func colorsValue(value any) (map[string]string, error) {
	table, ok := value.(map[string]any)
	if !ok {
		return nil, fmt.Errorf(`must be a table of role colours, such as { accent = "#FF8800" }, not %s`, describe(value))
	}

	colors := make(map[string]string, len(table))
	for role, raw := range table {
		text, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf("colour of role %s must be text in quotes, such as \"#FF8800\" or \"196\", not %s", role, describe(raw))
		}
		colors[role] = text
	}
	if err := (theme.Choice{Colors: colors}).Check(); err != nil {
		return nil, err
	}
	return colors, nil
}

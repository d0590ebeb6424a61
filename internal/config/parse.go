package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// document is a parsed config file before its values are checked: the
// decoded tree, and a way back to the line of a key for error messages.
type document struct {
	tree   map[string]any
	lineOf func(key ...string) int // 1-based; zero when unknown
}

// parseTOML decodes a TOML config. BurntSushi/toml v1.6.0 does not expose
// key positions, so lines come from scanning the text.
func parseTOML(data []byte) (*document, error) {
	tree := map[string]any{}
	if _, err := toml.Decode(string(data), &tree); err != nil {
		var parseErr toml.ParseError
		if errors.As(err, &parseErr) {
			return nil, &Error{Line: parseErr.Position.Line, Message: "invalid TOML: " + parseErr.Message}
		}
		return nil, &Error{Message: "invalid TOML: " + strings.TrimPrefix(err.Error(), "toml: ")}
	}

	text := string(data)
	return &document{
		tree:   tree,
		lineOf: func(key ...string) int { return tomlLine(text, key) },
	}, nil
}

// tomlLine returns the line where the dotted key is defined, following
// [table] headers. It is a best effort: keys inside multi-line strings or
// quoted key parts that contain a dot can hide a line, and then it returns 0.
func tomlLine(text string, key []string) int {
	want := strings.Join(key, ".")
	table := ""
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)

		if strings.HasPrefix(trimmed, "[") {
			header, _, _ := strings.Cut(strings.TrimLeft(trimmed, "["), "]")
			table = normalizeTOMLKey(header)
			if table == want {
				return i + 1
			}
			continue
		}

		name, _, ok := strings.Cut(trimmed, "=")
		if !ok || strings.HasPrefix(trimmed, "#") {
			continue
		}
		full := normalizeTOMLKey(name)
		if table != "" {
			full = table + "." + full
		}
		if full == want {
			return i + 1
		}
	}
	return 0
}

// normalizeTOMLKey turns `profiles. "work" ` into profiles.work.
func normalizeTOMLKey(key string) string {
	parts := strings.Split(key, ".")
	for i, part := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(part), `"'`)
	}
	return strings.Join(parts, ".")
}

// parseYAML decodes a YAML config, keeping the node tree for exact lines.
func parseYAML(data []byte) (*document, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line, message := splitYAMLError(err.Error())
		return nil, &Error{Line: line, Message: "invalid YAML: " + message}
	}

	tree := map[string]any{}
	if len(root.Content) > 0 {
		if err := root.Decode(&tree); err != nil {
			line, message := splitYAMLError(err.Error())
			if line == 0 {
				line = root.Content[0].Line
			}
			return nil, &Error{Line: line, Message: "the file must be a mapping of keys, such as profiles: " + message}
		}
	}

	return &document{
		tree:   tree,
		lineOf: func(key ...string) int { return yamlLine(&root, key) },
	}, nil
}

// yamlLine walks the node tree down the key and returns the line of the
// last key node.
func yamlLine(root *yaml.Node, key []string) int {
	node := root
	if node.Kind == yaml.DocumentNode && len(node.Content) > 0 {
		node = node.Content[0]
	}

	line := 0
	for _, part := range key {
		if node.Kind != yaml.MappingNode {
			return line
		}
		var next *yaml.Node
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == part {
				line = node.Content[i].Line
				next = node.Content[i+1]
				break
			}
		}
		if next == nil {
			return line
		}
		node = next
	}
	return line
}

// splitYAMLError pulls the line number out of a go.yaml.in/yaml/v3 message
// such as "yaml: line 3: did not find expected key".
func splitYAMLError(message string) (int, string) {
	message = strings.TrimPrefix(message, "yaml: ")
	message = strings.TrimPrefix(message, "unmarshal errors:\n")
	message = strings.TrimSpace(message)

	rest, ok := strings.CutPrefix(message, "line ")
	if !ok {
		return 0, message
	}
	number, text, ok := strings.Cut(rest, ": ")
	if !ok {
		return 0, message
	}
	line, err := strconv.Atoi(number)
	if err != nil {
		return 0, message
	}
	return line, text
}

// describe names the kind of a decoded value for a type error.
func describe(value any) string {
	switch v := value.(type) {
	case nil:
		return "an empty value"
	case string:
		return fmt.Sprintf("the text %q", v)
	case bool:
		return fmt.Sprintf("the boolean %t", v)
	case int, int64, uint64, float64:
		return fmt.Sprintf("the number %v", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a table of keys"
	default:
		return fmt.Sprintf("a value of type %T", v)
	}
}

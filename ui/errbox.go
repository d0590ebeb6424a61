package ui

import "strings"

// errorBox draws a failed load: a title, the described error wrapped to the
// width, and the keys that retry or leave.
func errorBox(c *Common, title, detail, keys string, width int) string {
	st := c.Styles
	inner := max(width-4, 20)

	body := strings.Join([]string{
		st.Error.Render(title),
		"",
		st.Text.Width(inner).Render(detail),
		"",
		st.Muted.Render(keys),
	}, "\n")
	return st.ErrorBox.Width(min(width, inner+4)).Render(body)
}

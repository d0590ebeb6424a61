package revocation

import "testing"

func TestNameKnownAndUnknown(t *testing.T) {
	cases := map[int]string{0: "unspecified", 1: "key_compromise", 5: "cessation_of_operation", 10: "aa_compromise", 7: "reason_7", 42: "reason_42"}
	for code, want := range cases {
		if got := Name(code); got != want {
			t.Errorf("Name(%d) = %q, want %q", code, got, want)
		}
	}
}

package press

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMemberValidate(t *testing.T) {
	long := strings.Repeat("x", MaxMemberName+1)
	for _, c := range []struct {
		m    Member
		want map[string]string // field → message; nil for valid
	}{
		{Member{Email: "ana@example.org", Name: "Ana"}, nil},
		{Member{Email: "ana@example.org"}, nil}, // imports may lack names
		{Member{Email: "", Name: "A"}, map[string]string{"email": "is required"}},
		{Member{Email: "Ana <ana@example.org>"}, map[string]string{"email": "must be an email address such as name@example.org"}},
		{Member{Email: "ana@localhost"}, map[string]string{"email": "must be an email address such as name@example.org"}},
		{Member{Email: "ana@example..org"}, map[string]string{"email": "must be an email address such as name@example.org"}},
		{Member{Email: strings.Repeat("a", 250) + "@example.org"}, map[string]string{"email": "must be at most 254 characters"}},
		{Member{Email: "a@example.org", Name: long, Status: "gold", Labels: []string{"a;b"}},
			map[string]string{"name": "must be at most 100 characters", "status": "must be one of free, paid, comped",
				"labels": `label "a;b" may not contain a comma or semicolon`}},
	} {
		m := c.m
		NormalizeMember(&m)
		err := m.Validate()
		got := map[string]string(nil)
		if ve, ok := err.(*ValidationError); ok {
			got = map[string]string{}
			for _, f := range ve.Fields {
				got[f.Field] = f.Message
			}
		} else if err != nil {
			t.Fatalf("%+v: %v is not a *ValidationError", c.m, err)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Validate(%q) (-want +got):\n%s", c.m.Email, diff)
		}
	}
}

func TestNormalizeMember(t *testing.T) {
	m := Member{Email: " Ana@Example.ORG ", Name: " Ana \n\t Ruiz ", Labels: []string{"Press", " press ", "", "Founding  Member"}}
	NormalizeMember(&m)
	want := Member{Email: "ana@example.org", Name: "Ana Ruiz", Status: MemberFree, Labels: []string{"founding member", "press"}}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("NormalizeMember (-want +got):\n%s", diff)
	}
}

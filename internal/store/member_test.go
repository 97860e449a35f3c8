package store_test

import (
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func mustMember(t *testing.T, db *store.DB, m press.Member) press.Member {
	t.Helper()
	if err := db.CreateMember(t.Context(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func memberEmails(list []press.Member) []string {
	out := []string{}
	for _, m := range list {
		out = append(out, m.Email)
	}
	return out
}

// TestMembers: members are stored normalised, one per address (any
// case), listed newest first, searched by email or name, filtered by
// status and label, labelled and unlabelled in bulk, and deleted with
// everything that hangs off them.
func TestMembers(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		ana := mustMember(t, db, press.Member{Email: " Ana@Example.ORG ", Name: "  Ana \t Ruiz ", Labels: []string{"Press", "press", " donor "}})
		if ana.Email != "ana@example.org" || ana.Name != "Ana Ruiz" || ana.Status != press.MemberFree || ana.Confirmed() {
			t.Errorf("stored as %+v", ana)
		}
		clock.Advance(time.Minute)
		lee := mustMember(t, db, press.Member{Email: "lee@example.org", Name: "Lee Park", Status: press.MemberPaid})
		clock.Advance(time.Minute)
		mustMember(t, db, press.Member{Email: "sam@news.example", Name: "Sam Analyst", Status: press.MemberComped, Labels: []string{"press"}})

		err := db.CreateMember(ctx, &press.Member{Email: "ANA@example.org", Name: "Another Ana"})
		wantErr(t, "a second account for one address", err, press.ErrConflict)
		var ve *press.ValidationError
		err = db.CreateMember(ctx, &press.Member{Email: "not an address", Status: "gold"})
		if !errors.As(err, &ve) || ve.Message("email") == "" || ve.Message("status") == "" {
			t.Errorf("invalid member: %v, want errors on email and status", err)
		}

		got, err := db.MemberByEmail(ctx, "ANA@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"donor", "press"}, got.Labels); diff != "" || !got.CreatedAt.Equal(stored(t0)) {
			t.Errorf("labels (-want +got):\n%s created %v", diff, got.CreatedAt)
		}
		_, err = db.MemberByEmail(ctx, "nobody@example.org")
		wantErr(t, "unknown address", err, press.ErrNotFound)

		for _, c := range []struct {
			f    press.MemberFilter
			want []string
		}{
			{press.MemberFilter{}, []string{"sam@news.example", "lee@example.org", "ana@example.org"}},
			{press.MemberFilter{Query: "ANA"}, []string{"sam@news.example", "ana@example.org"}}, // "Sam Analyst"
			{press.MemberFilter{Query: "news.example"}, []string{"sam@news.example"}},
			{press.MemberFilter{Query: "%"}, []string{}},
			{press.MemberFilter{Status: press.MemberPaid}, []string{"lee@example.org"}},
			{press.MemberFilter{Label: "press"}, []string{"sam@news.example", "ana@example.org"}},
			{press.MemberFilter{Label: "press", Query: "ruiz"}, []string{"ana@example.org"}},
			{press.MemberFilter{Limit: 1, Offset: 1}, []string{"lee@example.org"}},
		} {
			list, total, err := db.Members(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, memberEmails(list)); diff != "" {
				t.Errorf("Members(%+v) (-want +got):\n%s", c.f, diff)
			}
			if c.f.Limit == 0 && total != len(c.want) {
				t.Errorf("Members(%+v) total = %d, want %d", c.f, total, len(c.want))
			}
		}

		if err := db.ChangeMemberLabels(ctx, []int64{ana.ID, lee.ID}, " VIP ", true); err != nil {
			t.Fatal(err)
		}
		if err := db.ChangeMemberLabels(ctx, []int64{ana.ID}, "press", false); err != nil {
			t.Fatal(err)
		}
		if err := db.ChangeMemberLabels(ctx, []int64{ana.ID}, "", true); !errors.Is(err, press.ErrInvalid) {
			t.Errorf("an empty label: %v", err)
		}
		labels, err := db.MemberLabels(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"donor", "press", "vip"}, labels); diff != "" {
			t.Errorf("labels in use (-want +got):\n%s", diff)
		}
		got, _ = db.Member(ctx, ana.ID)
		if diff := cmp.Diff([]string{"donor", "vip"}, got.Labels); diff != "" {
			t.Errorf("ana's labels (-want +got):\n%s", diff)
		}

		if err := db.UpdateMemberName(ctx, ana.ID, "  "); !errors.Is(err, press.ErrInvalid) {
			t.Errorf("an empty name: %v", err)
		}
		if err := db.UpdateMemberName(ctx, ana.ID, "Ana R."); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "rename of nobody", db.UpdateMemberName(ctx, 999999, "X"), press.ErrNotFound)

		// Deleting takes the labels, sessions and links along.
		k := press.MemberToken{Hash: "sign", MemberID: ana.ID, Purpose: press.TokenSignIn, ExpiresAt: clock.Now().Add(time.Hour)}
		if err := db.CreateMemberToken(ctx, &k); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := db.RedeemMemberToken(ctx, "sign", "sess"); err != nil {
			t.Fatal(err)
		}
		k.Hash = "unused"
		if err := db.CreateMemberToken(ctx, &k); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteMember(ctx, ana.ID); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "deleting twice", db.DeleteMember(ctx, ana.ID), press.ErrNotFound)
		_, _, err = db.MemberSession(ctx, "sess")
		wantErr(t, "a deleted member's session", err, press.ErrNotFound)
		_, err = db.MemberToken(ctx, "unused")
		wantErr(t, "a deleted member's link", err, press.ErrNotFound)
		var rows int
		if err := store.SQLDB(db).QueryRowContext(ctx, "SELECT COUNT(*) FROM member_labels WHERE member_id = "+strconv.FormatInt(ana.ID, 10)).Scan(&rows); err != nil || rows != 0 {
			t.Errorf("labels left after deletion: %d, %v", rows, err)
		}
	}, presstest.WithClock(t0))
}

// TestMemberTokens: an emailed link works once, within its time; a
// confirmation confirms and signs in, an email change moves the account
// unless the address was taken meanwhile; sessions end at their expiry
// and on sign-out, and the clean-up removes what expired.
func TestMemberTokens(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock := presstest.ClockOf(t, db)
		m := mustMember(t, db, press.Member{Email: "ana@example.org", Name: "Ana"})
		other := mustMember(t, db, press.Member{Email: "lee@example.org", Name: "Lee"})
		token := func(hash string, p press.MemberTokenPurpose, email string, ttl time.Duration) {
			t.Helper()
			k := press.MemberToken{Hash: hash, MemberID: m.ID, Purpose: p, Email: email, ExpiresAt: clock.Now().Add(ttl)}
			if err := db.CreateMemberToken(ctx, &k); err != nil {
				t.Fatal(err)
			}
		}
		token("confirm", press.TokenConfirm, "", 24*time.Hour)
		if k, err := db.MemberToken(ctx, "confirm"); err != nil || k.Purpose != press.TokenConfirm || k.MemberID != m.ID {
			t.Fatalf("peek: %+v, %v", k, err)
		}
		clock.Advance(time.Hour)
		k, got, s, err := db.RedeemMemberToken(ctx, "confirm", "s1")
		if err != nil {
			t.Fatal(err)
		}
		if k.Purpose != press.TokenConfirm || !got.ConfirmedAt.Equal(stored(clock.Now())) || s.MemberID != m.ID || s.IDHash != "s1" {
			t.Errorf("confirm: token %+v member %+v session %+v", k, got, s)
		}
		_, _, _, err = db.RedeemMemberToken(ctx, "confirm", "s2")
		wantErr(t, "a used link", err, press.ErrNotFound)
		if _, sm, err := db.MemberSession(ctx, "s1"); err != nil || sm.ID != m.ID {
			t.Errorf("session: %+v, %v", sm, err)
		}

		token("late", press.TokenSignIn, "", 15*time.Minute)
		clock.Advance(15 * time.Minute)
		_, err = db.MemberToken(ctx, "late")
		wantErr(t, "an expired link (peek)", err, press.ErrNotFound)
		_, _, _, err = db.RedeemMemberToken(ctx, "late", "s3")
		wantErr(t, "an expired link", err, press.ErrNotFound)

		token("move", press.TokenEmailChange, "ana.new@example.org", 24*time.Hour)
		token("move-old", press.TokenEmailChange, "ana.older@example.org", 24*time.Hour)
		_, got, s, err = db.RedeemMemberToken(ctx, "move", "unused")
		if err != nil || got.Email != "ana.new@example.org" || s.IDHash != "" {
			t.Fatalf("email change: %+v %+v %v", got, s, err)
		}
		_, _, _, err = db.RedeemMemberToken(ctx, "move-old", "")
		wantErr(t, "an older email-change link after one was used", err, press.ErrNotFound)
		token("steal", press.TokenEmailChange, other.Email, 24*time.Hour)
		_, _, _, err = db.RedeemMemberToken(ctx, "steal", "")
		wantErr(t, "moving to a taken address", err, press.ErrConflict)
		_, err = db.MemberToken(ctx, "steal")
		wantErr(t, "the refused link is spent", err, press.ErrNotFound)

		if err := db.DeleteMemberSession(ctx, "s1"); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.MemberSession(ctx, "s1")
		wantErr(t, "a signed-out session", err, press.ErrNotFound)

		token("again", press.TokenSignIn, "", 15*time.Minute)
		if _, _, _, err := db.RedeemMemberToken(ctx, "again", "s4"); err != nil {
			t.Fatal(err)
		}
		token("stale", press.TokenSignIn, "", time.Minute)
		clock.Advance(91 * 24 * time.Hour)
		_, _, err = db.MemberSession(ctx, "s4")
		wantErr(t, "a session past 90 days", err, press.ErrNotFound)
		if _, err := db.DeleteExpiredSessions(ctx); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"member_sessions", "member_tokens"} {
			var n int
			if err := store.SQLDB(db).QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s after the clean-up: %d rows, %v", table, n, err)
			}
		}
	}, presstest.WithClock(t0))
}

// TestImportMembers: an import creates and updates in one go, or, when
// any line is wrong, writes nothing and names every bad line and field.
func TestImportMembers(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		mustMember(t, db, press.Member{Email: "ana@example.org", Name: "Ana", Labels: []string{"old"}})
		joined := day(2025, 5, 1, 10)
		list := []press.Member{
			{Email: "ANA@example.org", Status: press.MemberPaid, Labels: []string{"donor"}},
			{Email: "lee@example.org", Name: "Lee", Status: press.MemberComped, CreatedAt: joined, ConfirmedAt: joined},
		}
		bad := append([]press.Member{}, list...)
		bad = append(bad, press.Member{Email: "nope", Status: "gold"}, press.Member{Email: "lee@example.org"})
		_, err := db.ImportMembers(ctx, bad, []int{2, 3, 4, 5})
		var ie *store.MemberImportError
		if !errors.As(err, &ie) || !errors.Is(err, press.ErrInvalid) {
			t.Fatalf("bad import: %v", err)
		}
		want := []store.MemberImportLine{
			{Line: 4, Field: "email", Message: "must be an email address such as name@example.org"},
			{Line: 4, Field: "status", Message: "must be one of free, paid, comped"},
			{Line: 5, Field: "email", Message: "repeats line 3"},
		}
		if diff := cmp.Diff(want, ie.Lines); diff != "" {
			t.Errorf("import errors (-want +got):\n%s", diff)
		}
		if _, total, _ := db.Members(ctx, press.MemberFilter{}); total != 1 {
			t.Errorf("after a refused import: %d members, want the 1 from before", total)
		}

		res, err := db.ImportMembers(ctx, list, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res != (store.ImportResult{Created: 1, Updated: 1}) {
			t.Errorf("import result %+v", res)
		}
		ana, _ := db.MemberByEmail(ctx, "ana@example.org")
		if ana.Name != "Ana" || ana.Status != press.MemberPaid || !cmp.Equal(ana.Labels, []string{"donor"}) {
			t.Errorf("updated member %+v", ana)
		}
		lee, _ := db.MemberByEmail(ctx, "lee@example.org")
		if !lee.CreatedAt.Equal(joined) || !lee.ConfirmedAt.Equal(joined) || lee.Status != press.MemberComped {
			t.Errorf("new member %+v", lee)
		}
	}, presstest.WithClock(t0))
}

// TestCommentsByEmail: a member's export finds the comments written with
// their address, in any case, oldest first, and no one else's.
func TestCommentsByEmail(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		newsroom(t, db)
		b := press.Bundle{Comments: []press.Comment{
			{Article: "europe-heat", SourceID: "2", AuthorName: "Al", AuthorEmail: "AL@example.org", Body: "Second.", Status: press.CommentApproved, CreatedAt: day(2026, 2, 22, 0)},
			{Article: "syria-water", SourceID: "1", AuthorName: "Al", AuthorEmail: "al@example.org", Body: "First.", Status: press.CommentPending, CreatedAt: day(2026, 2, 21, 0)},
			{Article: "syria-water", SourceID: "3", AuthorName: "Bo", AuthorEmail: "bo@example.org", Body: "Other.", Status: press.CommentApproved, CreatedAt: day(2026, 2, 21, 0)},
		}}
		if _, err := db.Import(ctx, b); err != nil {
			t.Fatal(err)
		}
		list, err := db.CommentsByEmail(ctx, "Al@Example.org")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range list {
			got = append(got, c.Article+": "+c.Body)
		}
		if diff := cmp.Diff([]string{"syria-water: First.", "europe-heat: Second."}, got); diff != "" {
			t.Errorf("comments by email (-want +got):\n%s", diff)
		}
		if list, err := db.CommentsByEmail(ctx, "nobody@example.org"); err != nil || list == nil || len(list) != 0 {
			t.Errorf("no comments: %v, %v; want an empty list", list, err)
		}
	})
}

// TestMemberTokenOnce: a link used by several requests at once (a reader
// double-clicking, a scanner racing them) signs in exactly one of them.
func TestMemberTokenOnce(t *testing.T) {
	t.Parallel()
	presstest.ForEachEngine(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		m := mustMember(t, db, press.Member{Email: "ana@example.org", Name: "Ana"})
		k := press.MemberToken{Hash: "once", MemberID: m.ID, Purpose: press.TokenConfirm, ExpiresAt: time.Now().Add(time.Hour)}
		if err := db.CreateMemberToken(ctx, &k); err != nil {
			t.Fatal(err)
		}
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { _, _, _, errs[i] = db.RedeemMemberToken(ctx, "once", "s"+strconv.Itoa(i)) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, press.ErrNotFound):
				t.Errorf("a losing request: %v, want ErrNotFound", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d requests used the link, want exactly 1", ok)
		}
	})
}

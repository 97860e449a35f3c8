package site

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/theme"
)

func (s *Site) handleArchiveIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	months, err := s.db.Months(ctx)
	if err != nil {
		return err
	}
	l := c.layout(s.theme, r, "", "")
	l.Title = l.T.M("archive")
	body, err := s.theme.Archive(&theme.ArchivePage{Layout: l, Months: months})
	return write(w, r, body, err, c.modified)
}

func (s *Site) handleArchiveMonth(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	year, yerr := strconv.Atoi(r.PathValue("year"))
	month, merr := strconv.Atoi(r.PathValue("month"))
	if yerr != nil || merr != nil || len(r.PathValue("year")) != 4 || len(r.PathValue("month")) != 2 || month < 1 || month > 12 {
		return press.ErrNotFound
	}
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	from := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	list, pager, err := s.listing(ctx, r, press.ArticleFilter{From: from, Until: from.AddDate(0, 1, 0)})
	if err != nil {
		return err
	}
	if list.Total == 0 {
		return press.ErrNotFound
	}
	months, err := s.db.Months(ctx)
	if err != nil {
		return err
	}
	l := c.layout(s.theme, r, "", "")
	m := press.Month{Year: year, Month: time.Month(month), Count: list.Total}
	l.Title = l.T.M("archive_month", l.T.MonthYear(year, m.Month))
	p := &theme.ArchivePage{Layout: l, Month: m, Months: months, Articles: list.Articles, Pager: pager}
	body, err := s.theme.Archive(p)
	return write(w, r, body, err, c.modified)
}

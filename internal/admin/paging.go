package admin

// Paging is where a paged list stands: its page (from 1), how many pages
// and items there are. Page structs embed it; the pager in the templates
// reads it.
type Paging struct {
	Page  int
	Pages int
	Total int
}

// PrevPage is the previous page's number, or 0 on the first.
func (p Paging) PrevPage() int {
	if p.Page > 1 {
		return p.Page - 1
	}
	return 0
}

// NextPage is the next page's number, or 0 on the last.
func (p Paging) NextPage() int {
	if p.Page < p.Pages {
		return p.Page + 1
	}
	return 0
}

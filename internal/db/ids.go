package db

import (
	"context"
	"database/sql"
)

// IDs runs a query that selects one integer column, such as the ids of one page of
// a list sorted on an index, and returns its values in order.
func IDs(ctx context.Context, q Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ByIDs reads the rows whose idColumn is one of ids with selectSQL (a SELECT … FROM
// … without WHERE) and returns them in the order of ids: the second half of id-first
// paging, where the page is sorted as ids alone and only its rows are read. A row
// deleted since its id was read is left out.
func ByIDs[T any](ctx context.Context, q Querier, selectSQL, idColumn string, ids []int64,
	scan func(*sql.Rows) (T, error), idOf func(T) int64) ([]T, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		args[i], at[id] = id, i
	}
	rows, err := q.QueryContext(ctx, selectSQL+" WHERE "+idColumn+" IN ("+Placeholders(1, len(ids))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := make([]T, len(ids))
	found := make([]bool, len(ids))
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		i := at[idOf(v)]
		items[i], found[i] = v, true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := items[:0]
	for i, v := range items {
		if found[i] {
			out = append(out, v)
		}
	}
	return out, nil
}

package deployment

import (
	"context"
	"fmt"
)

// DeployedBy lists the units that recorded deploying a movement on or before asOf
// ('YYYY-MM-DD'), with the day each did: the evidence an emulation rubric scores.
func (s *Store) DeployedBy(ctx context.Context, movementID int64, asOf string) (map[int64]string, error) {
	rows, err := s.db.Read().QueryContext(ctx, "SELECT unit_id, deployed_on FROM deployments WHERE movement_id = $1 AND deployed_on <= $2", movementID, asOf)
	if err != nil {
		return nil, fmt.Errorf("deployment: deployed by: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var unit int64
		var on string
		if err := rows.Scan(&unit, &on); err != nil {
			return nil, err
		}
		out[unit] = on
	}
	return out, rows.Err()
}

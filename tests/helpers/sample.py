"""What the browser tests visit in a project: a belt, its first point and its first route, and the
page of each map type with the number of points its map shows."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Belt, Point, Project, Route


@dataclass(frozen=True)
class Visit:
    project: Project
    belt: Belt
    point: Point
    route: Route

    @classmethod
    def of(cls, project: Project) -> Visit:
        belt = project.belts[0]
        return cls(project, belt, project.point(belt.points[0]), project.routes_of_belt(belt.id)[0])

    def maps(self) -> dict[str, tuple[str, int]]:
        """Each map type → (its page, how many points its map shows)."""
        project, belt, point, route = self.project, self.belt, self.point, self.route
        return {
            "home": ("", len(project.points)),
            "belt": (f"belts/{belt.id}/", len(belt.points)),
            "point": (f"points/{point.id}/", self.neighbours(point.id)),
            "route": (f"routes/{route.id}/", len({s.point for s in route.stops})),
        }

    def neighbours(self, point_id: str) -> int:
        """A stop's map shows its first route's stops; a point on no route, its belts' points."""
        routes = self.project.routes_of(point_id)
        if routes:
            return len({s.point for s in routes[0].stops})
        return len({pid for belt in self.project.belts_of(point_id) for pid in belt.points} | {point_id})

/** What `GET /api/v1/me` answers: the signed-in person as the gateway read their token. */
export interface CurrentUser {
  username: string;
  name: string;
  roles: string[];
  structures: string[];
  /** Role `financeur`: the funder whose figures and claims the person sees. */
  financeur?: string;
}

/** One page of a paginated list. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** Reading VPC routing (NET-3). */
import { CfnResource } from 'aws-cdk-lib';
import { literalString } from '../../engine/values';
import { Scan } from '../../engine/scan';

/** Whether a route's target is an internet gateway (or an egress-only one) of the app or a literal `igw-`/`eigw-` id. */
export function routesToInternet(scan: Scan, route: CfnResource): boolean {
  const p = scan.props(route);
  if (p.EgressOnlyInternetGatewayId !== undefined) return true;
  if (p.GatewayId === undefined) return false;
  if (scan.refTargetsOfType(route, p.GatewayId, 'AWS::EC2::InternetGateway').length > 0) return true;
  return /^igw-/.test(literalString(p.GatewayId) ?? '');
}

/** Whether a route is a default route (IPv4 or IPv6). */
export function isDefaultRoute(scan: Scan, route: CfnResource): boolean {
  const p = scan.props(route);
  return p.DestinationCidrBlock === '0.0.0.0/0' || p.DestinationIpv6CidrBlock === '::/0';
}

/**
 * The subnets associated with a route table. `undefined` stands for an association whose subnet
 * is not a resource of the app (a literal id), which cannot be judged.
 */
export function subnetsOfRouteTable(scan: Scan, table: CfnResource): (CfnResource | undefined)[] {
  return scan.resources('AWS::EC2::SubnetRouteTableAssociation')
    .filter((a) => scan.refersTo(a, scan.props(a).RouteTableId, table))
    .map((a) => scan.refTargetsOfType(a, scan.props(a).SubnetId, 'AWS::EC2::Subnet')[0]);
}

/** The route tables associated with an internet gateway (edge associations). */
export function edgeRouteTables(scan: Scan): CfnResource[] {
  return scan.resources('AWS::EC2::GatewayRouteTableAssociation')
    .filter((a) => {
      const gw = scan.props(a).GatewayId;
      return scan.refTargetsOfType(a, gw, 'AWS::EC2::InternetGateway').length > 0 || /^igw-/.test(literalString(gw) ?? '');
    })
    .flatMap((a) => scan.refTargetsOfType(a, scan.props(a).RouteTableId, 'AWS::EC2::RouteTable'));
}

/** The routes of a route table. */
export function routesOf(scan: Scan, table: CfnResource): CfnResource[] {
  return scan.resources('AWS::EC2::Route').filter((r) => scan.refersTo(r, scan.props(r).RouteTableId, table));
}

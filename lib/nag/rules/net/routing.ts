/** Reading VPC routing (NET-3). */
import { CfnResource } from 'aws-cdk-lib';
import { appResources, literalString, props, refTargetsOfType, refersTo } from '../support';

/** Whether a route's target is an internet gateway (or an egress-only one) of the app or a literal `igw-`/`eigw-` id. */
export function routesToInternet(route: CfnResource): boolean {
  const p = props(route);
  if (p.EgressOnlyInternetGatewayId !== undefined) return true;
  if (p.GatewayId === undefined) return false;
  if (refTargetsOfType(route, p.GatewayId, 'AWS::EC2::InternetGateway').length > 0) return true;
  return /^igw-/.test(literalString(p.GatewayId) ?? '');
}

/** Whether a route is a default route (IPv4 or IPv6). */
export function isDefaultRoute(route: CfnResource): boolean {
  const p = props(route);
  return p.DestinationCidrBlock === '0.0.0.0/0' || p.DestinationIpv6CidrBlock === '::/0';
}

/**
 * The subnets associated with a route table. `undefined` stands for an association whose subnet
 * is not a resource of the app (a literal id), which cannot be judged.
 */
export function subnetsOfRouteTable(table: CfnResource): (CfnResource | undefined)[] {
  return appResources(table, 'AWS::EC2::SubnetRouteTableAssociation')
    .filter((a) => refersTo(a, props(a).RouteTableId, table))
    .map((a) => refTargetsOfType(a, props(a).SubnetId, 'AWS::EC2::Subnet')[0]);
}

/** The route tables associated with an internet gateway (edge associations). */
export function edgeRouteTables(scope: CfnResource): CfnResource[] {
  return appResources(scope, 'AWS::EC2::GatewayRouteTableAssociation')
    .filter((a) => {
      const gw = props(a).GatewayId;
      return refTargetsOfType(a, gw, 'AWS::EC2::InternetGateway').length > 0 || /^igw-/.test(literalString(gw) ?? '');
    })
    .flatMap((a) => refTargetsOfType(a, props(a).RouteTableId, 'AWS::EC2::RouteTable'));
}

/** The routes of a route table. */
export function routesOf(table: CfnResource): CfnResource[] {
  return appResources(table, 'AWS::EC2::Route').filter((r) => refersTo(r, props(r).RouteTableId, table));
}
